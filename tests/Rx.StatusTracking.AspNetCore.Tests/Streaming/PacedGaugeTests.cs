using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.AspNetCore.Internal;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary>
/// The paced-connections gauge counts a connection while it is paced and no longer once it ends, however it ends.
/// In the non-parallel collection: the gauge is process-wide, so no other test's connection may move it meanwhile.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class PacedGaugeTests
{
    private static readonly TimeSpan Interval = StatusEndpointOptions.DefaultPacingInterval;

    [Fact]
    public async Task A_connection_that_completes_while_paced_is_no_longer_counted()
    {
        using var instruments = new WebInstruments();
        var before = instruments.Gauge(WebInstruments.Paced);
        var (clock, tracker, run, _) = await PacedAsync(CancellationToken.None);

        Assert.Equal(before + 1, instruments.Gauge(WebInstruments.Paced));

        tracker.Completed(1, "one done");
        tracker.Complete();
        clock.Advance(Interval);
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectionEnd.Completed, report.End);
        Assert.Equal(before, instruments.Gauge(WebInstruments.Paced));
        tracker.Dispose();
    }

    [Fact]
    public async Task A_client_that_leaves_during_a_pause_is_no_longer_counted()
    {
        using var instruments = new WebInstruments();
        var before = instruments.Gauge(WebInstruments.Paced);
        using var gone = new CancellationTokenSource();
        var (_, tracker, run, _) = await PacedAsync(gone.Token);

        Assert.Equal(before + 1, instruments.Gauge(WebInstruments.Paced));

        await gone.CancelAsync();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectionEnd.ClientLeft, report.End);
        Assert.Equal(before, instruments.Gauge(WebInstruments.Paced));
        tracker.Dispose();
    }

    // A connection's writer made to fall behind (two writes in a row not taken at once), now in its first pause.
    private static async Task<(TimerWatchingTimeProvider Clock, ChatStatusTracker Tracker, Task<ConnectionReport> Run, PacedStreamTests.HeldSink Sink)> PacedAsync(CancellationToken clientGone)
    {
        var clock = new TimerWatchingTimeProvider();
        var tracker = new ChatStatusTracker();
        var sink = new PacedStreamTests.HeldSink();
        var run = new StatusStreamer(new StatusEndpointOptions { Clock = clock, ServerHasBacklog = () => false }).RunAsync("op", tracker, after: 0, sink, clientGone);
        for (var data = 0; data < 2; data++)
        {
            sink.HoldNextFlush = true;
            tracker.Executing(1, "one", data: data);
            await sink.FlushHeld.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            clock.Advance(StatusEndpointOptions.DefaultPacingThreshold);
            sink.Release();
        }

        await clock.WhenCreatedAsync(Interval, 1);
        return (clock, tracker, run, sink);
    }
}
