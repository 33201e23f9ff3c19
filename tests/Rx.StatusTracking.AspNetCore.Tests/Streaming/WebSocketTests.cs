using System.Net.WebSockets;
using System.Text;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

public sealed class WebSocketTests() : HubServerTests(new StatusEndpointOptions { AllowedOrigins = { "https://app.example.com" } })
{
    [Fact]
    public async Task Each_frame_is_one_status_in_order_then_a_normal_close_when_the_operation_completes()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws"), timeout.Token);

        var first = await ReceiveAsync(socket, timeout.Token);
        Operations.ReportChatTurn(tracker);
        var frames = new List<ChatStatus> { first! };
        while (await ReceiveAsync(socket, timeout.Token) is { } status)
        {
            frames.Add(status);
        }

        Assert.Equal(tracker.History.Select(s => s with { Error = s.Error is null ? null : s.Error with { StackTrace = null } }), frames);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("operation completed", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task After_in_the_query_resumes_after_that_sequence()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws?after=12"), timeout.Token);

        var frames = new List<ChatStatus>();
        while (await ReceiveAsync(socket, timeout.Token) is { } status)
        {
            frames.Add(status);
        }

        Assert.Equal([13L, 14L], frames.Select(s => s.Sequence));
    }

    [Fact]
    public async Task A_forced_disconnect_then_after_misses_nothing_and_sees_nothing_twice()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        var received = new List<ChatStatus>();

        using (var first = new ClientWebSocket())
        {
            await first.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws"), timeout.Token);
            received.Add((await ReceiveAsync(first, timeout.Token))!);
            first.Abort();
        }

        tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
        tracker.Completed(2, ChatStatusMessages.ReceivedResponse);
        tracker.Complete();

        using var second = new ClientWebSocket();
        await second.ConnectAsync(Server.WebSocketUri($"/status/turn-1/ws?after={received[^1].Sequence}"), timeout.Token);
        while (await ReceiveAsync(second, timeout.Token) is { } status)
        {
            received.Add(status);
        }

        Assert.Equal(tracker.History, received);
    }

    [Fact]
    public async Task A_page_from_another_origin_is_refused_with_403()
    {
        Hub.Create("turn-1");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://evil.example.com");
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("SAME")]
    public async Task An_allowed_or_same_origin_page_connects(string origin)
    {
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin == "SAME" ? Server.Address.GetLeftPart(UriPartial.Authority) : origin);

        await socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws"), CancellationToken.None);

        Assert.Equal(1, (await ReceiveAsync(socket, CancellationToken.None))!.Sequence);
    }

    [Fact]
    public async Task A_plain_GET_of_the_socket_endpoint_is_400()
    {
        Hub.Create("turn-1");

        using var response = await Server.Client.GetAsync(new Uri("/status/turn-1/ws", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_after_is_refused_with_400()
    {
        Hub.Create("turn-1");
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws?after=soon"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_client_that_closes_first_ends_its_connection_cleanly()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(Server.WebSocketUri("/status/turn-1/ws"), timeout.Token);
        await ReceiveAsync(socket, timeout.Token);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
        while (tracker.SubscriberCount > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The next status frame; <see langword="null"/> when the server closed the socket.</summary>
    internal static async Task<ChatStatus?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken) =>
        await ReceiveTextAsync(socket, cancellationToken) is { } text ? StatusJson.Deserialize(text) : null;

    /// <summary>The next text frame as sent; <see langword="null"/> when the server closed the socket.</summary>
    internal static async Task<string?> ReceiveTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
