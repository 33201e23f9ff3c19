using System.Net;
using System.Threading.Channels;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client.Tests.Support;

namespace Rx.StatusTracking.Client.Tests.Following;

/// <summary>Reconnect delays on a fake clock: the client waits exactly what its options say, and only the test moves time.</summary>
public class BackoffTests
{
    private static StatusStreamClientOptions OnClock(RecordingTimeProvider clock, Channel<StatusStreamNotice> notices) => new()
    {
        InitialReconnectDelay = TimeSpan.FromSeconds(1),
        MaxReconnectDelay = TimeSpan.FromSeconds(4),
        ReconnectJitter = 0,
        IdleTimeout = null,
        TimeProvider = clock,
        OnNotice = n => notices.Writer.TryWrite(n),
    };

    private static async Task<List<StatusStreamNotice>> AdvancePastEachDelayAsync(RecordingTimeProvider clock, Channel<StatusStreamNotice> notices, int count)
    {
        var seen = new List<StatusStreamNotice>();
        for (var i = 0; i < count; i++)
        {
            var notice = await notices.Reader.ReadAsync().AsTask().WaitAsync(ClientServer.Bound);
            seen.Add(notice);
            clock.Advance(notice.Delay!.Value);
        }

        return seen;
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>A follow with a 5-second idle timeout (heartbeats too rare to count), past its first status.</summary>
    private static async Task<(ClientServer Web, ChatStatusTracker Tracker, Channel<StatusStreamNotice> Notices, IAsyncEnumerator<ChatStatus> Statuses)> FollowFirstStatusWithIdleTimeoutAsync(RecordingTimeProvider clock)
    {
        var web = await ClientServer.StartAsync(
            new EventStreamFaults { Clock = clock },
            endpointOptions: new StatusEndpointOptions { HeartbeatInterval = TimeSpan.FromMinutes(10) });
        var tracker = web.Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var options = OnClock(clock, notices);
        options.IdleTimeout = TimeSpan.FromSeconds(5);
        var statuses = web.Client(options).FollowAsync("turn-1").GetAsyncEnumerator();
        Assert.True(await statuses.MoveNextAsync());
        return (web, tracker, notices, statuses);
    }

    [Fact]
    public async Task Delays_double_from_the_initial_delay_up_to_the_cap_and_are_waited_exactly_on_the_given_clock()
    {
        var clock = new RecordingTimeProvider();
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { UnavailableFirst = 5, Clock = clock });
        Operations.ReportChatTurn(web.Hub.Create("turn-1"));
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var start = clock.GetUtcNow();

        var following = ClientServer.ReadAllAsync(web.Client(OnClock(clock, notices)).FollowAsync("turn-1"));
        var seen = await AdvancePastEachDelayAsync(clock, notices, 5);

        Assert.Equal(14, (await following).Count);
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Seconds(4), Seconds(4)], seen.Select(n => n.Delay!.Value));
        Assert.Equal([1, 2, 3, 4, 5], seen.Select(n => n.Attempt));
        Assert.Equal(seen.Select(n => n.Delay!.Value), clock.TimerDueTimes);
        Assert.Equal([0, 1, 3, 7, 11, 15], web.Faults.Requests.Select(r => (r.At - start).TotalSeconds));
        Assert.Equal(
            "The event stream of 'turn-1' was answered 503 ServiceUnavailable; reconnecting in 1 s (attempt 1), after sequence 0.",
            seen[0].Message);
        Assert.Equal(start, seen[0].Timestamp);
    }

    [Fact]
    public async Task Jitter_takes_up_to_its_fraction_off_each_delay_at_random()
    {
        var clock = new RecordingTimeProvider();
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { UnavailableFirst = 4, Clock = clock });
        Operations.ReportChatTurn(web.Hub.Create("turn-1"));
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var options = OnClock(clock, notices);
        options.ReconnectJitter = 0.5;
        options.JitterRandom = new FixedRandom(0.5);

        var following = ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1"));
        var seen = await AdvancePastEachDelayAsync(clock, notices, 4);
        await following;

        // 1, 2, 4, 4 seconds, each less half of a half.
        Assert.Equal([Seconds(0.75), Seconds(1.5), Seconds(3), Seconds(3)], clock.TimerDueTimes);
        Assert.Equal(clock.TimerDueTimes, seen.Select(n => n.Delay!.Value));
    }

    [Fact]
    public async Task After_MaxReconnectAttempts_failures_in_a_row_the_client_gives_up_with_the_last_cause()
    {
        var clock = new RecordingTimeProvider();
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { UnavailableFirst = int.MaxValue, Clock = clock });
        web.Hub.Create("turn-1").Executing(1, ChatStatusMessages.AnalyzingQuery);
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var options = OnClock(clock, notices);
        options.MaxReconnectAttempts = 2;

        var following = ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1", afterSequence: 5));
        var seen = await AdvancePastEachDelayAsync(clock, notices, 2);
        var error = await Assert.ThrowsAsync<StatusStreamException>(() => following);

        Assert.Equal(2, seen.Count);
        Assert.Equal(3, web.Faults.Requests.Count);
        Assert.Equal((StatusStreamErrorKind.Unreachable, HttpStatusCode.ServiceUnavailable, "turn-1", 5L), (error.Kind, error.StatusCode, error.OperationId, error.LastSequence));
        Assert.Equal(
            $"The event stream of 'turn-1' at {web.Server.Address}status/turn-1/events was answered 503 ServiceUnavailable, and 3 failures in a row is more than MaxReconnectAttempts allows: giving up after sequence 5.",
            error.Message);
    }

    [Fact]
    public async Task Connections_that_only_replay_delivered_statuses_do_not_reset_the_backoff()
    {
        // Each response is cut after one status, and the endpoint never sees Last-Event-ID: every reconnect replays status 1.
        var clock = new RecordingTimeProvider();
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { CutAfterEvents = 1, ForgetResumePoint = true, Clock = clock });
        Operations.ReportChatTurn(web.Hub.Create("turn-1"));
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var options = OnClock(clock, notices);
        options.MaxReconnectAttempts = 2;

        var following = ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1"));
        var seen = await AdvancePastEachDelayAsync(clock, notices, 2);
        var error = await Assert.ThrowsAsync<StatusStreamException>(() => following.WaitAsync(ClientServer.Bound));

        Assert.Equal([Seconds(1), Seconds(2)], seen.Select(n => n.Delay!.Value));
        Assert.Equal([1, 2], seen.Select(n => n.Attempt));
        Assert.Equal([null, "1", "1"], web.Faults.Requests.Select(r => r.LastEventId));
        Assert.Equal((StatusStreamErrorKind.Unreachable, "turn-1", 1L), (error.Kind, error.OperationId, error.LastSequence));
    }

    [Fact]
    public async Task With_no_reconnects_allowed_the_first_failure_ends_the_follow()
    {
        var clock = new RecordingTimeProvider();
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { UnavailableFirst = 1, Clock = clock });
        web.Hub.Create("turn-1");
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var options = OnClock(clock, notices);
        options.MaxReconnectAttempts = 0;

        var error = await Assert.ThrowsAsync<StatusStreamException>(() => ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1")));

        Assert.Equal(StatusStreamErrorKind.Unreachable, error.Kind);
        Assert.Single(web.Faults.Requests);
        Assert.False(notices.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_connection_silent_for_the_idle_timeout_is_dropped_and_resumed()
    {
        var clock = new RecordingTimeProvider();
        var (web, tracker, notices, statuses) = await FollowFirstStatusWithIdleTimeoutAsync(clock);
        await using var server = web;
        await using var following = statuses;

        var next = statuses.MoveNextAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        var notice = await notices.Reader.ReadAsync().AsTask().WaitAsync(ClientServer.Bound);
        clock.Advance(notice.Delay!.Value);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);

        Assert.True(await next.AsTask().WaitAsync(ClientServer.Bound));
        Assert.Equal(2, statuses.Current.Sequence);
        Assert.Equal("The event stream of 'turn-1' was silent for 5 s; reconnecting in 1 s (attempt 1), after sequence 1.", notice.Message);
        Assert.Null(notice.Exception);
        Assert.Equal([null, "1"], web.Faults.Requests.Select(r => r.LastEventId));
    }

    [Fact]
    public async Task A_consumer_slower_than_the_idle_timeout_keeps_its_connection()
    {
        var clock = new RecordingTimeProvider();
        var (web, tracker, notices, statuses) = await FollowFirstStatusWithIdleTimeoutAsync(clock);
        await using var server = web;
        await using var following = statuses;

        // The consumer works on status 1 for longer than the idle timeout; no read is pending meanwhile.
        clock.Advance(TimeSpan.FromSeconds(12));
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);

        Assert.True(await statuses.MoveNextAsync().AsTask().WaitAsync(ClientServer.Bound));
        Assert.Equal(2, statuses.Current.Sequence);
        Assert.False(notices.Reader.TryRead(out _));
        Assert.Equal([null], web.Faults.Requests.Select(r => r.LastEventId));
    }

    [Fact]
    public async Task A_server_that_refuses_connections_is_retried_then_given_up_with_the_network_error()
    {
        // A port nothing listens on any more: every connection is refused.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var clock = new RecordingTimeProvider();
        var notices = Channel.CreateUnbounded<StatusStreamNotice>();
        var options = OnClock(clock, notices);
        options.MaxReconnectAttempts = 1;

        var following = ClientServer.ReadAllAsync(new StatusStreamClient(http, options).FollowAsync("turn-1"));
        var seen = await AdvancePastEachDelayAsync(clock, notices, 1);
        var error = await Assert.ThrowsAsync<StatusStreamException>(() => following);

        Assert.StartsWith("The event stream of 'turn-1' could not be opened (Connection refused", seen[0].Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(seen[0].Exception);
        Assert.Equal((StatusStreamErrorKind.Unreachable, null), (error.Kind, error.StatusCode));
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.StartsWith($"The event stream of 'turn-1' at http://127.0.0.1:{port}/status/turn-1/events could not be opened (Connection refused", error.Message, StringComparison.Ordinal);
    }
}
