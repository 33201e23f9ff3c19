using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

/// <summary>
/// <see cref="ChatStatusTracker.HistoryDroppedThrough"/>: past it, every status the tracker recorded is still in its
/// history, so a reader resuming there can tell a jump the source made on purpose from a status it missed. (What a hub's
/// memory budget sheds or conflates: <c>RetentionBudgetTests</c>.)
/// </summary>
public class HistoryDroppedThroughTests
{
    [Fact]
    public void A_history_that_dropped_nothing_says_0()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 3 });
        tracker.Executing(1, "a");
        tracker.Executing(1, "b");
        tracker.Completed(1, "c");

        Assert.Equal(0, tracker.HistoryDroppedThrough);
    }

    [Fact]
    public void A_trimmed_history_says_the_last_sequence_it_dropped_exactly()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 3 });
        for (var i = 0; i < 5; i++)
        {
            tracker.Executing(1, $"update {i}");
        }

        Assert.Equal([3L, 4L, 5L], tracker.History.Select(s => s.Sequence));
        Assert.Equal(2, tracker.HistoryDroppedThrough);
    }

    [Fact]
    public void A_mirror_whose_source_jumped_says_no_more_than_the_sequence_before_the_oldest_it_holds()
    {
        using var mirror = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 3 });
        foreach (var sequence in new long[] { 1, 3, 5 })
        {
            mirror.Import(Status(1, "a", StatusState.Executing, sequence, sequence));
        }

        Assert.Equal(0, mirror.HistoryDroppedThrough);

        mirror.Import(Status(1, "a", StatusState.Executing, 8, 8));

        Assert.Equal([3L, 5L, 8L], mirror.History.Select(s => s.Sequence));
        Assert.Equal(2, mirror.HistoryDroppedThrough);
    }

    [Fact]
    public void A_reset_drops_everything_through_its_marker_and_the_figure_never_goes_down()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 2 });
        for (var i = 0; i < 4; i++)
        {
            tracker.Executing(1, $"update {i}");
        }

        Assert.Equal(2, tracker.HistoryDroppedThrough);
        tracker.Reset();
        Assert.Equal(5, tracker.LastSequence);
        Assert.Equal(5, tracker.HistoryDroppedThrough);

        tracker.Executing(1, "after the reset");
        Assert.Equal(5, tracker.HistoryDroppedThrough);
        Assert.Equal([6L], tracker.History.Select(s => s.Sequence));
    }

    [Fact]
    public void An_imported_reset_marker_drops_itself_and_everything_before_it()
    {
        using var mirror = new ChatStatusTracker();
        mirror.Import(Status(1, "a", StatusState.Executing, 1, 1));
        mirror.Import(Status(1, "a", StatusState.Executing, 2, 4));
        mirror.Import(new ChatStatus
        {
            Step = ChatStatus.ResetStep,
            Description = ChatStatusMessages.TrackerReset,
            State = StatusState.Pending,
            Timestamp = At(3),
            Sequence = 7,
            IsReset = true,
        });

        Assert.Equal(7, mirror.HistoryDroppedThrough);
    }
}
