using Rx.StatusTracking.AspNetCore.Internal;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary>When a connection counts as behind, and when it goes back to writing every status.</summary>
public class PacingTests
{
    // Timestamps in milliseconds.
    private const long Frequency = 1_000;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(25);

    private static TimeSpan Ms(int value) => TimeSpan.FromMilliseconds(value);

    [Fact]
    public void One_late_batch_is_a_pause_the_writer_catches_up_from_two_in_a_row_are_falling_behind()
    {
        var pacing = new Pacing(Interval, Threshold);

        Assert.False(pacing.AfterWrite(Ms(30), pushedBack: false, now: 0, Frequency));
        Assert.False(pacing.AfterWrite(Ms(5), pushedBack: false, now: 10, Frequency));
        Assert.False(pacing.AfterWrite(Ms(25), pushedBack: false, now: 20, Frequency));
        Assert.False(pacing.Paced);

        Assert.True(pacing.AfterWrite(Ms(40), pushedBack: false, now: 30, Frequency));
        Assert.True(pacing.Paced);
        Assert.Equal(1, pacing.TimesPaced);
    }

    [Fact]
    public void A_write_the_transport_did_not_take_at_once_is_a_late_batch_too()
    {
        var pacing = new Pacing(Interval, Threshold);

        Assert.False(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now: 0, Frequency));
        Assert.False(pacing.AfterWrite(TimeSpan.Zero, pushedBack: false, now: 10, Frequency));
        Assert.False(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now: 20, Frequency));
        Assert.True(pacing.AfterWrite(Ms(30), pushedBack: false, now: 30, Frequency));
        Assert.True(pacing.Paced);
    }

    [Fact]
    public void Two_calm_pauses_in_a_row_bring_it_back_a_late_pause_a_backlog_or_a_pushed_back_write_start_the_count_again()
    {
        var pacing = Behind(now: 0);

        Assert.False(pacing.AfterPause(Ms(1), backlog: false, now: 60));
        Assert.False(pacing.AfterPause(Ms(5), backlog: false, now: 120));   // a fifth of the threshold: late
        Assert.False(pacing.AfterPause(Ms(1), backlog: false, now: 180));
        Assert.False(pacing.AfterPause(Ms(1), backlog: true, now: 240));
        Assert.False(pacing.AfterPause(Ms(1), backlog: false, now: 300));
        Assert.False(pacing.AfterWrite(Ms(50), pushedBack: true, now: 310, Frequency));
        Assert.False(pacing.AfterPause(Ms(4), backlog: false, now: 360));
        Assert.True(pacing.Paced);

        Assert.True(pacing.AfterPause(Ms(4), backlog: false, now: 420));
        Assert.False(pacing.Paced);
        Assert.Equal(1, pacing.TimesPaced);
    }

    [Fact]
    public void Falling_behind_again_within_ten_seconds_doubles_the_calm_pauses_needed_up_to_256_and_ten_seconds_apart_starts_over()
    {
        var pacing = new Pacing(Interval, Threshold);
        long now = 0;
        var needed = new List<int>();
        for (var round = 0; round < 10; round++)
        {
            Assert.False(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now, Frequency));
            Assert.True(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now, Frequency));
            needed.Add(CalmPausesUntilBack(pacing, ref now));
            now += 500;
        }

        Assert.Equal([2, 4, 8, 16, 32, 64, 128, 256, 256, 256], needed);

        now += 10_000;
        Assert.False(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now, Frequency));
        Assert.True(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now, Frequency));
        Assert.Equal(2, CalmPausesUntilBack(pacing, ref now));
    }

    [Fact]
    public void A_connection_idle_for_a_heartbeat_interval_is_caught_up_and_counts_as_going_back()
    {
        var pacing = Behind(now: 0);

        Assert.True(pacing.CaughtUp(now: 100));
        Assert.False(pacing.Paced);
        Assert.False(pacing.CaughtUp(now: 200));

        // Behind again within ten seconds: twice the calm pauses.
        pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now: 300, Frequency);
        Assert.True(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now: 300, Frequency));
        long now = 300;
        Assert.Equal(4, CalmPausesUntilBack(pacing, ref now));
    }

    [Fact]
    public void A_zero_interval_never_paces()
    {
        var pacing = new Pacing(TimeSpan.Zero, Threshold);

        Assert.False(pacing.AfterWrite(Ms(1_000), pushedBack: true, now: 0, Frequency));
        Assert.False(pacing.AfterWrite(Ms(1_000), pushedBack: true, now: 1, Frequency));
        Assert.False(pacing.Paced);
        Assert.False(pacing.Enabled);
    }

    // A connection that fell behind: two writes in a row were pushed back.
    private static Pacing Behind(long now)
    {
        var pacing = new Pacing(Interval, Threshold);
        pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now, Frequency);
        Assert.True(pacing.AfterWrite(TimeSpan.Zero, pushedBack: true, now, Frequency));
        return pacing;
    }

    private static int CalmPausesUntilBack(Pacing pacing, ref long now)
    {
        var pauses = 0;
        while (pacing.Paced)
        {
            now += 50;
            pacing.AfterPause(TimeSpan.Zero, backlog: false, now);
            pauses++;
        }

        return pauses;
    }
}
