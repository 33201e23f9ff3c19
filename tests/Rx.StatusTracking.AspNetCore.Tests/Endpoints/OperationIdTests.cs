using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

/// <summary>The endpoints use the hub's id rule and limit (<see cref="OperationIdRule"/>), not one of their own.</summary>
public sealed class OperationIdTests() : HubServerTests(hubOptions: new StatusHubOptions { MaxOperationIdLength = Limit })
{
    private const int Limit = 256;

    // 200 characters, every kind the rule allows: over the default 128, within this hub's 256.
    private static readonly string LongId = string.Concat(Enumerable.Repeat("Ab9-_.:~@", 23)).Substring(0, 200);

    [Fact]
    public async Task An_id_the_hub_accepts_is_reachable_on_every_endpoint_and_listed()
    {
        using var timeout = new CancellationTokenSource(Bound);
        Hub.Create("short-1").Executing(1, ChatStatusMessages.AnalyzingQuery);
        Hub.Create(LongId).Executing(1, ChatStatusMessages.AnalyzingQuery);

        // As the dashboard builds its URLs: encodeURIComponent escapes ':' and '@' (the server decodes them).
        var escaped = Uri.EscapeDataString(LongId);
        Assert.NotEqual(LongId, escaped);

        using var list = JsonDocument.Parse(await Server.Client.GetStringAsync(new Uri("/status", UriKind.Relative), timeout.Token));
        using var snapshot = JsonDocument.Parse(await Server.Client.GetStringAsync(new Uri("/status/" + escaped, UriKind.Relative), timeout.Token));
        using var unescaped = await Server.Client.GetAsync(new Uri("/status/" + LongId, UriKind.Relative), timeout.Token);
        using var events = await Server.Client.GetAsync(new Uri($"/status/{escaped}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new SseReader(await events.Content.ReadAsStreamAsync(timeout.Token));
        var firstEvent = Assert.Single(await reader.ReadEventsAsync(1, timeout.Token));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(Server.WebSocketUri($"/status/{escaped}/ws"), timeout.Token);
        var firstFrame = await Streaming.WebSocketTests.ReceiveAsync(socket, timeout.Token);

        Assert.Equal(["short-1", LongId], ListedIds(list));
        Assert.Equal(LongId, snapshot.RootElement.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, unescaped.StatusCode);
        Assert.Equal("1", firstEvent.Id);
        Assert.Equal(1, firstFrame!.Sequence);
    }

    public static TheoryData<string, string> MalformedIds => new()
    {
        // The request path, and the id routing hands the endpoint (decoded, except %2F).
        { "/status/bad%20id", "bad id" },
        { "/status/caf%C3%A9/events", "café" },
        { "/status/a%2Fb", "a%2Fb" },
        { "/status/" + new string('a', Limit + 1), new string('a', Limit + 1) },
    };

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task An_id_breaking_the_rule_is_400_with_the_rules_reason(string path, string id)
    {
        Assert.False(OperationIdRule.TryValidate(id, Limit, out var reason));

        using var response = await Server.Client.GetAsync(new Uri(path, UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(reason, json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_WebSocket_refuses_an_id_over_the_hubs_limit_with_400()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri("/status/" + new string('a', Limit + 1) + "/ws"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    private static IEnumerable<string?> ListedIds(JsonDocument list) =>
        list.RootElement.GetProperty("operations").EnumerateArray().Select(i => i.GetProperty("id").GetString());
}
