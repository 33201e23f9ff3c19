using System.Net;
using System.Text.Json;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

public sealed class SnapshotEndpointTests : HubServerTests
{
    [Fact]
    public async Task The_list_names_each_operation_with_its_state_and_progress()
    {
        Operations.ReportChatTurn(Hub.Create("turn-1"));
        var running = Hub.Create("turn-2");
        running.Executing(1, ChatStatusMessages.AnalyzingQuery);
        running.Completed(1, ChatStatusMessages.QueryPrepared);
        running.Executing(2, ChatStatusMessages.WaitingOpenAI);

        using var response = await Server.Client.GetAsync(new Uri("/status", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var items = json.RootElement.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(["turn-1", "turn-2"], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(["Completed", "Running"], items.Select(i => i.GetProperty("state").GetString()));
        Assert.Equal([100.0, 50.0], items.Select(i => i.GetProperty("progress").GetProperty("percent").GetDouble()));
        Assert.Equal([14L, 3L], items.Select(i => i.GetProperty("lastSequence").GetInt64()));
        Assert.Equal(ChatStatusMessages.WaitingOpenAI, items[1].GetProperty("current").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_snapshot_has_the_history_current_summary_and_progress_of_the_operation()
    {
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);

        using var json = JsonDocument.Parse(await Server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative)));
        var root = json.RootElement;

        Assert.Equal("turn-1", root.GetProperty("id").GetString());
        Assert.Equal("Completed", root.GetProperty("state").GetString());
        Assert.Equal(
            tracker.History.Select(s => (s.Sequence, s.Step, s.State, s.Description, s.Timestamp)),
            root.GetProperty("history").EnumerateArray().Select(s => StatusJson.Deserialize(s.GetRawText())).Select(s => (s.Sequence, s.Step, s.State, s.Description, s.Timestamp)));
        Assert.Equal(14, root.GetProperty("current").GetProperty("sequence").GetInt64());
        Assert.Equal(0, root.GetProperty("droppedFromHistory").GetInt64());
        var summary = root.GetProperty("summary");
        Assert.Equal(6, summary.GetProperty("totalSteps").GetInt32());
        Assert.Equal(6, summary.GetProperty("completedSteps").GetInt32());
        Assert.Equal(1, summary.GetProperty("failures").GetArrayLength());
        Assert.Equal(100, root.GetProperty("progress").GetProperty("percent").GetDouble());
    }

    [Fact]
    public async Task Errors_leave_out_stack_traces_by_default()
    {
        var tracker = Hub.Create("turn-1");
        Operations.ThrowAndReport(tracker, 1, "web_search");

        var text = await Server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative));
        using var json = JsonDocument.Parse(text);

        var error = json.RootElement.GetProperty("history")[0].GetProperty("error");
        Assert.Equal("System.InvalidOperationException", error.GetProperty("type").GetString());
        Assert.Equal("The tool broke.", error.GetProperty("message").GetString());
        Assert.Equal("System.TimeoutException", error.GetProperty("innerErrors")[0].GetProperty("type").GetString());
        Assert.DoesNotContain("stackTrace", text, StringComparison.Ordinal);
        Assert.NotNull(tracker.History[0].Error!.StackTrace);
    }

    [Fact]
    public async Task Errors_keep_stack_traces_when_error_details_are_allowed()
    {
        using var hub = new StatusHub();
        await using var server = await StatusServer.StartAsync(hub, new StatusEndpointOptions { IncludeErrorDetails = true });
        var recorded = Operations.ThrowAndReport(hub.Create("turn-1"), 1, "web_search");

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative)));

        Assert.Equal(recorded.Error!.StackTrace, json.RootElement.GetProperty("history")[0].GetProperty("error").GetProperty("stackTrace").GetString());
    }

    [Fact]
    public async Task Data_that_cannot_be_serialized_does_not_break_the_snapshot()
    {
        var cycle = new List<object>();
        cycle.Add(cycle);
        Hub.Create("turn-1").Executing(1, ChatStatusMessages.AnalyzingQuery, data: cycle);

        using var json = JsonDocument.Parse(await Server.Client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative)));

        Assert.Equal(typeof(List<object>).FullName, json.RootElement.GetProperty("current").GetProperty("data").GetProperty("unserializable").GetString());
    }

    [Fact]
    public async Task An_unknown_operation_is_404_as_problem_json()
    {
        using var response = await Server.Client.GetAsync(new Uri("/status/nobody", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }
}
