using System.Net.WebSockets;
using System.Threading.Channels;
using Rx.StatusTracking.AspNetCore.Internal;
using Rx.StatusTracking.AspNetCore.Tests.Streaming;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using static Rx.StatusTracking.AspNetCore.Tests.Support.WebInstruments;

namespace Rx.StatusTracking.AspNetCore.Tests.Telemetry;

[CollectionDefinition(nameof(WebMetrics), DisableParallelization = true)]
public sealed class WebMetrics;

/// <summary>
/// The web gauges and counters against real connections. The instruments are process-wide, so these tests run alone
/// (no other test opens connections meanwhile) and compare with what the gauges read when each test began.
/// </summary>
[Collection(nameof(WebMetrics))]
public sealed class WebMeterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private long _sequence;

    [Fact]
    public async Task Open_connections_are_counted_per_transport_while_they_last()
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var metrics = new WebInstruments();
        var ended = Channel.CreateUnbounded<ConnectionReport>();
        using var hub = new StatusHub();
        var options = new StatusEndpointOptions();
        options.ConnectionEnded = report => ended.Writer.TryWrite(report);
        await using var server = await StatusServer.StartAsync(hub, options);
        (long Sse, long WebSocket) before = (metrics.Gauge(Connections, "sse"), metrics.Gauge(Connections, "websocket"));
        var tracker = hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);

        using var events = await server.Client.GetAsync(new Uri("/status/turn-1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new SseReader(await events.Content.ReadAsStreamAsync(timeout.Token));
        await reader.ReadEventsAsync(1, timeout.Token);
        var withEventStream = (metrics.Gauge(Connections, "sse"), metrics.Gauge(Connections, "websocket"));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri("/status/turn-1/ws"), timeout.Token);
        await WebSocketTests.ReceiveAsync(socket, timeout.Token);
        var withBoth = (metrics.Gauge(Connections, "sse"), metrics.Gauge(Connections, "websocket"));

        tracker.Complete();
        await reader.ReadToEndAsync(timeout.Token);
        Assert.Null(await WebSocketTests.ReceiveAsync(socket, timeout.Token));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token); // the close handshake's answer
        await ended.Reader.ReadAsync(timeout.Token);
        await ended.Reader.ReadAsync(timeout.Token);

        Assert.Equal((before.Sse + 1, before.WebSocket), withEventStream);
        Assert.Equal((before.Sse + 1, before.WebSocket + 1), withBoth);
        Assert.Equal(before, (metrics.Gauge(Connections, "sse"), metrics.Gauge(Connections, "websocket")));
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("websocket")]
    public async Task A_client_that_never_reads_shows_as_queued_then_conflated_then_dropped_statuses_of_its_transport(string transport)
    {
        const int MaxBuffered = 4;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var metrics = new WebInstruments();
        var ended = Channel.CreateUnbounded<ConnectionReport>();
        using var hub = new StatusHub();
        var options = new StatusEndpointOptions { MaxBufferedStatuses = MaxBuffered, SlowClientTimeout = TimeSpan.FromSeconds(5) };
        options.ConnectionEnded = report => ended.Writer.TryWrite(report);
        await using var server = await StatusServer.StartAsync(hub, options);
        var queuedBefore = metrics.Gauge(Queued);
        var tracker = hub.Create("flood");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        var request = transport == "sse"
            ? RawConnection.EventStreamRequest(server.Address, "/status/flood/events")
            : RawConnection.UpgradeRequest(server.Address, "/status/flood/ws");
        using var stuck = await RawConnection.SendAsync(server.Address, request);
        while (tracker.SubscriberCount == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        await FloodAsync(tracker, timeout.Token);
        var queuedWhileStuck = metrics.Gauge(Queued) - queuedBefore;
        var conflatedWhileStuck = metrics.Counted(Conflated, transport);

        // Endings never conflate: twice the buffer's capacity of them overflows it, and the connection is closed.
        for (var step = 2; step < 2 + (2 * MaxBuffered); step++)
        {
            tracker.Completed(step, ChatStatusMessages.ToolCompleted("web_search"));
        }

        var report = await ended.Reader.ReadAsync(timeout.Token);
        var other = transport == "sse" ? "websocket" : "sse";

        Assert.InRange(queuedWhileStuck, 1, MaxBuffered - 1);
        Assert.True(conflatedWhileStuck > 0);
        Assert.True(report.End is ConnectionEnd.Overflowed or ConnectionEnd.Stuck, report.ToString());
        // The seventh ending fills the buffer to its bound with the step's newest update: those 8 are dropped, then the last ending.
        Assert.Equal(2 * MaxBuffered + 1, report.Dropped);
        Assert.Equal(report.Conflated, metrics.Counted(Conflated, transport));
        Assert.Equal(report.Dropped, metrics.Counted(Dropped, transport));
        Assert.Equal((0L, 0L), (metrics.Counted(Conflated, other), metrics.Counted(Dropped, other)));
        Assert.Equal(queuedBefore, metrics.Gauge(Queued));
    }

    [Fact]
    public async Task A_stuck_client_disconnected_takes_what_waited_for_it_out_of_the_queued_gauge()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var metrics = new WebInstruments();
        var ended = Channel.CreateUnbounded<ConnectionReport>();
        using var hub = new StatusHub();
        var options = new StatusEndpointOptions { MaxBufferedStatuses = 4, SlowClientTimeout = TimeSpan.FromSeconds(2) };
        options.ConnectionEnded = report => ended.Writer.TryWrite(report);
        await using var server = await StatusServer.StartAsync(hub, options);
        var before = (Queued: metrics.Gauge(Queued), Connections: metrics.Gauge(Connections, "sse"));
        var tracker = hub.Create("flood");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var stuck = await RawConnection.SendAsync(server.Address, RawConnection.EventStreamRequest(server.Address, "/status/flood/events"));
        while (tracker.SubscriberCount == 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        // Updates only, which conflate: the buffer never overflows, and holds 1 to 3 statuses when the writer gives up.
        await FloodAsync(tracker, timeout.Token);
        var whileStuck = (Queued: metrics.Gauge(Queued) - before.Queued, Connections: metrics.Gauge(Connections, "sse") - before.Connections);
        var report = await ended.Reader.ReadAsync(timeout.Token);

        Assert.Equal(ConnectionEnd.Stuck, report.End);
        Assert.InRange(whileStuck.Queued, 1, 3);
        Assert.Equal(1, whileStuck.Connections);
        Assert.Equal(before, (metrics.Gauge(Queued), metrics.Gauge(Connections, "sse")));
    }

    [Fact]
    public void The_queued_gauge_totals_what_waits_in_every_buffer_until_it_is_taken_or_the_connection_ends()
    {
        using var metrics = new WebInstruments();
        var before = metrics.Gauge(Queued);
        using var first = new ConnectionBuffer(capacity: 8, WebTransport.ServerSentEvents);
        using var second = new ConnectionBuffer(capacity: 8, WebTransport.WebSocket);

        first.OnNext(S(1, StatusState.Executing));
        first.OnNext(S(2, StatusState.Executing));
        second.OnNext(S(1, StatusState.Executing));
        var three = metrics.Gauge(Queued) - before;
        first.TakeAll(newestPerStep: false, out _, out _, out _);
        var one = metrics.Gauge(Queued) - before;
        second.Dispose();
        var none = metrics.Gauge(Queued) - before;
        second.OnNext(S(3, StatusState.Executing));

        Assert.Equal((3L, 1L, 0L), (three, one, none));
        Assert.Equal(before, metrics.Gauge(Queued));
    }

    [Fact]
    public void Conflated_and_dropped_statuses_are_counted_for_the_buffers_transport()
    {
        using var metrics = new WebInstruments();
        using var buffer = new ConnectionBuffer(capacity: 2, WebTransport.WebSocket);

        buffer.OnNext(S(1, StatusState.Executing));
        buffer.OnNext(S(1, StatusState.Executing)); // full: the first gives way
        var conflated = metrics.Counted(Conflated, "websocket");
        buffer.OnNext(S(2, StatusState.Completed));
        buffer.OnNext(S(3, StatusState.Completed));
        buffer.OnNext(S(4, StatusState.Completed)); // an update and three endings reach the bound (4): all four dropped
        buffer.OnNext(S(5, StatusState.Completed)); // after the overflow: dropped too

        Assert.Equal(1, conflated);
        Assert.Equal((1L, 5L), (buffer.Conflated, buffer.Dropped));
        Assert.Equal((1L, 5L), (metrics.Counted(Conflated, "websocket"), metrics.Counted(Dropped, "websocket")));
        Assert.Equal((0L, 0L), (metrics.Counted(Conflated, "sse"), metrics.Counted(Dropped, "sse")));
    }

    // 640 KB of updates of one step, paced so that the writer takes and sends each one until the socket and Kestrel's
    // response buffer (~250 KB together here) are full: then the writer of a client that never reads is stuck, and
    // the connection's buffer holds, then conflates, what is left.
    private static async Task FloodAsync(ChatStatusTracker tracker, CancellationToken cancellationToken)
    {
        var payload = new string('x', 16_000);
        for (var i = 0; i < 40; i++)
        {
            tracker.Executing(1, $"Working on item {i}.", data: payload);
            await Task.Delay(5, cancellationToken);
        }
    }

    private ChatStatus S(int step, StatusState state) =>
        new() { Step = step, Description = $"{step} {state}", State = state, Sequence = ++_sequence };
}
