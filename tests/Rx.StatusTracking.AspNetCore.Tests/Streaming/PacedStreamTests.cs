using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.AspNetCore.Internal;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary>
/// A connection's writer once it fell behind: what it writes after each pause, exactly. The transport here is a sink
/// whose flushes the test completes (no socket pushes back on cue); the clock is a fake one the test moves once the
/// writer's pause has started.
/// </summary>
public sealed class PacedStreamTests
{
    private static readonly TimeSpan Interval = StatusEndpointOptions.DefaultPacingInterval;

    [Fact]
    public async Task After_two_pushed_back_writes_each_pause_ends_with_each_steps_newest_status_and_every_ending_in_order()
    {
        var clock = new TimerWatchingTimeProvider();
        var options = new StatusEndpointOptions { Clock = clock, ServerHasBacklog = () => false };
        using var tracker = new ChatStatusTracker();
        using var instruments = new WebInstruments();
        using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (run, sink) = await StartWithHeldFirstWriteAsync(options, tracker, gone.Token);
        ReleaseLate(clock, sink);

        // One write pushed back is a hiccup; the second in a row is falling behind.
        sink.HoldNextFlush = true;
        tracker.Executing(1, "one", data: 1);
        await sink.FlushHeld.Reader.ReadAsync(gone.Token);
        ReleaseLate(clock, sink);
        await clock.WhenCreatedAsync(Interval, 1);

        // Counted among the paced connections (process-wide: other tests' connections may be counted too).
        Assert.True(instruments.Gauge(WebInstruments.Paced) >= 1);

        // While the writer pauses, statuses gather.
        tracker.Executing(1, "one", data: 2);
        tracker.Executing(1, "one", data: 3);
        tracker.Executing(2, "two");
        tracker.Completed(2, "two done");
        tracker.Executing(3, "three", data: 1);
        tracker.Executing(1, "one", data: 4);
        tracker.Executing(3, "three", data: 2);
        clock.Advance(Interval);
        await clock.WhenCreatedAsync(Interval, 2);

        Assert.Equal(["1 Executing 0", "1 Executing 1", "2 Completed", "1 Executing 4", "3 Executing 2"], sink.Written.Select(Describe));

        tracker.Failed(3, "three failed");
        tracker.Completed(1, "one done");
        tracker.Complete();
        clock.Advance(Interval);
        var report = await run;

        Assert.Equal(["1 Executing 0", "1 Executing 1", "2 Completed", "1 Executing 4", "3 Executing 2", "3 Failed", "1 Completed"], sink.Written.Select(Describe));
        Assert.True(sink.Completed);
        Assert.Equal(ConnectionEnd.Completed, report.End);
        Assert.Equal(1, report.TimesPaced);
        Assert.Equal(4, report.Conflated);
    }

    [Fact]
    public async Task With_pacing_off_two_pushed_back_writes_in_a_row_change_nothing_every_status_is_written()
    {
        var clock = new TimerWatchingTimeProvider();
        var options = new StatusEndpointOptions { Clock = clock, PacingInterval = TimeSpan.Zero, ServerHasBacklog = () => false };
        using var tracker = new ChatStatusTracker();
        using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (run, sink) = await StartWithHeldFirstWriteAsync(options, tracker, gone.Token);
        tracker.Executing(1, "one", data: 1);
        sink.HoldNextFlush = true;
        ReleaseLate(clock, sink);
        await sink.FlushHeld.Reader.ReadAsync(gone.Token);
        tracker.Executing(1, "one", data: 2);
        tracker.Completed(1, "one done");
        tracker.Complete();
        ReleaseLate(clock, sink);
        var report = await run;

        // Paced, the writer would now pause on the fake clock that nobody moves, and Executing 2 would give way.
        Assert.Equal(["1 Executing 0", "1 Executing 1", "1 Executing 2", "1 Completed"], sink.Written.Select(Describe));
        Assert.Equal(0, report.TimesPaced);
        Assert.Equal(0, report.Conflated);
    }

    // The held write ends, the pacing threshold later (any write not taken at once counts as pushed back).
    internal static void ReleaseLate(TimerWatchingTimeProvider clock, HeldSink sink)
    {
        clock.Advance(StatusEndpointOptions.DefaultPacingThreshold);
        sink.Release();
    }

    // Starts a connection's writer and reports a first status whose write the transport does not take at once: the
    // client fell behind. Returns once the writer waits for that write.
    internal static async Task<(Task<ConnectionReport> Run, HeldSink Sink)> StartWithHeldFirstWriteAsync(StatusEndpointOptions options, ChatStatusTracker tracker, CancellationToken cancellationToken)
    {
        var sink = new HeldSink();
        var run = new StatusStreamer(options).RunAsync("op", tracker, after: 0, sink, cancellationToken);
        sink.HoldNextFlush = true;
        tracker.Executing(1, "one", data: 0);
        await sink.FlushHeld.Reader.ReadAsync(cancellationToken);
        return (run, sink);
    }

    private static string Describe(ChatStatus status) =>
        status.State == StatusState.Executing ? $"{status.Step} {status.State} {status.Data}" : $"{status.Step} {status.State}";

    /// <summary>
    /// Records what the writer writes; a flush the test asked to hold waits until <see cref="Release"/>, and
    /// <see cref="FlushHeld"/> says so once the writer awaits it (released earlier, the writer would find it done).
    /// </summary>
    internal sealed class HeldSink : IStatusSink, IValueTaskSource
    {
        private readonly List<ChatStatus> _written = [];
        private ManualResetValueTaskSourceCore<bool> _held = new() { RunContinuationsAsynchronously = true };

        public bool HoldNextFlush { get; set; }

        public Channel<bool> FlushHeld { get; } = Channel.CreateUnbounded<bool>();

        public bool Completed { get; private set; }

        public IReadOnlyList<ChatStatus> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        public WebTransport Transport => WebTransport.ServerSentEvents;

        public ValueTask WriteStatusAsync(ChatStatus status, CancellationToken cancellationToken)
        {
            lock (_written)
            {
                _written.Add(status);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask WriteGapAsync(StreamGap gap, CancellationToken cancellationToken)
        {
            lock (_written)
            {
                Gaps.Add((_written.Count, gap));
            }

            return ValueTask.CompletedTask;
        }

        /// <summary>Each gap written, with how many statuses were written before it.</summary>
        public List<(int At, StreamGap Gap)> Gaps { get; } = [];

        public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (!HoldNextFlush)
            {
                return ValueTask.CompletedTask;
            }

            HoldNextFlush = false;
            _held.Reset();
            return new ValueTask(this, _held.Version);
        }

        public void Release() => _held.SetResult(true);

        public ValueTask CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken)
        {
            Completed = true;
            return ValueTask.CompletedTask;
        }

        public ValueTask OverflowAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        void IValueTaskSource.GetResult(short token) => _held.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _held.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        {
            _held.OnCompleted(continuation, state, token, flags);
            FlushHeld.Writer.TryWrite(true);
        }
    }
}
