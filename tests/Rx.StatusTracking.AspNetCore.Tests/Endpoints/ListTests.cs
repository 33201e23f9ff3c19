using System.Reactive.Concurrency;
using System.Text.Json;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

/// <summary>The list, polled every second by every open dashboard, stays small whatever the statuses carry.</summary>
public sealed class ListTests : HubServerTests
{
    [Fact]
    public async Task The_list_carries_summaries_without_data_and_the_snapshot_still_has_the_data_as_StatusJson_wrote_it()
    {
        // 900 KB of data fits a status's 1 MiB and is sent whole; 2 MB does not and is sent as StatusJson's marker.
        var kept = Hub.Create("turn-1").Executing(1, ChatStatusMessages.AnalyzingQuery, data: new string('k', 900_000));
        var omitted = Hub.Create("turn-2").Failed(2, ChatStatusMessages.ToolFailed("web_search", "too much"), new InvalidOperationException("too much"), data: new string('o', 2_000_000));

        var list = await Server.Client.GetByteArrayAsync(new Uri("/status", UriKind.Relative));
        using var listJson = JsonDocument.Parse(list);
        using var keptSnapshot = JsonDocument.Parse(await Server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative)));
        using var omittedSnapshot = JsonDocument.Parse(await Server.Client.GetStringAsync(new Uri("/status/turn-2", UriKind.Relative)));

        Assert.InRange(list.Length, 1, 2_048);
        var items = listJson.RootElement.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(["id", "state", "progress", "current", "lastSequence"], items[0].EnumerateObject().Select(p => p.Name));
        AssertHeadline(kept, items[0].GetProperty("current"));
        AssertHeadline(omitted, items[1].GetProperty("current"));

        Assert.Equal(StatusJson.Serialize(kept), keptSnapshot.RootElement.GetProperty("current").GetRawText());
        Assert.Equal(900_000, keptSnapshot.RootElement.GetProperty("current").GetProperty("data").GetString()!.Length);
        var omittedCurrent = omittedSnapshot.RootElement.GetProperty("current");
        Assert.Equal(StatusJson.Serialize(omitted with { Error = omitted.Error! with { StackTrace = null } }), omittedCurrent.GetRawText());
        Assert.Equal(typeof(string).FullName, omittedCurrent.GetProperty("data").GetProperty("omitted").GetString());
    }

    [Fact]
    public async Task The_list_and_the_snapshot_carry_the_hubs_clock()
    {
        var clock = new HistoricalScheduler(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero));
        using var hub = new StatusHub(new StatusHubOptions { Scheduler = clock });
        await using var server = await StatusServer.StartAsync(hub);
        using var empty = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        hub.Create("turn-1").Executing(1, ChatStatusMessages.AnalyzingQuery);
        clock.AdvanceBy(TimeSpan.FromSeconds(90));

        using var list = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        using var snapshot = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative)));

        // The hub's own clock, also while it holds no operation.
        Assert.Equal(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero), empty.RootElement.GetProperty("serverTime").GetDateTimeOffset());
        Assert.Equal(["serverTime", "operations"], list.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new DateTimeOffset(2001, 2, 3, 4, 6, 36, TimeSpan.Zero), list.RootElement.GetProperty("serverTime").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2001, 2, 3, 4, 6, 36, TimeSpan.Zero), snapshot.RootElement.GetProperty("serverTime").GetDateTimeOffset());
    }

    private static void AssertHeadline(ChatStatus status, JsonElement headline)
    {
        Assert.Equal(["sequence", "step", "state", "description", "timestamp"], headline.EnumerateObject().Select(p => p.Name));
        Assert.Equal(status.Sequence, headline.GetProperty("sequence").GetInt64());
        Assert.Equal(status.Step, headline.GetProperty("step").GetInt32());
        Assert.Equal(status.State.ToString(), headline.GetProperty("state").GetString());
        Assert.Equal(status.Description, headline.GetProperty("description").GetString());
        Assert.Equal(status.Timestamp, headline.GetProperty("timestamp").GetDateTimeOffset());
    }
}
