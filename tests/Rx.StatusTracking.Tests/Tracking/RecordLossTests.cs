using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

/// <summary>
/// <see cref="ChatStatusTracker.RecordLoss"/> and <see cref="ChatStatusTracker.HasLossBetween"/>: a mirror records what
/// its source lost, and a reader that jumps over it can tell it from a conflation.
/// </summary>
public class RecordLossTests
{
    [Fact]
    public void A_recorded_loss_moves_the_last_sequence_and_is_found_only_by_jumps_that_cross_it()
    {
        using var mirror = new ChatStatusTracker();
        var delivered = new List<long>();
        mirror.Subscribe(s => delivered.Add(s.Sequence));
        Assert.True(mirror.Import(Status(1, "a", StatusState.Executing, 10, 1)));
        Assert.True(mirror.Import(Status(1, "a", StatusState.Executing, 11, 2)));

        Assert.True(mirror.RecordLoss(5));
        Assert.Equal(5, mirror.LastSequence);
        Assert.False(mirror.Import(Status(1, "lost", StatusState.Executing, 12, 4)));
        Assert.True(mirror.Import(Status(1, "a", StatusState.Executing, 13, 6)));
        Assert.True(mirror.Import(Status(1, "a", StatusState.Executing, 14, 9)));

        Assert.Equal([1L, 2L, 6L, 9L], delivered);
        Assert.Equal([1L, 2L, 6L, 9L], mirror.History.Select(s => s.Sequence));
        Assert.True(mirror.HasLossBetween(2, 6));
        Assert.True(mirror.HasLossBetween(0, 4));
        Assert.True(mirror.HasLossBetween(4, 6));
        Assert.True(mirror.HasLossBetween(1, 9));
        Assert.False(mirror.HasLossBetween(1, 3));
        Assert.False(mirror.HasLossBetween(5, 6));
        Assert.False(mirror.HasLossBetween(6, 9));
        Assert.False(mirror.HasLossBetween(9, 10));
        Assert.False(mirror.HasLossBetween(6, 6));
    }

    [Fact]
    public void Nothing_new_is_refused_and_a_completed_tracker_records_nothing()
    {
        using var mirror = new ChatStatusTracker();
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 4));

        Assert.False(mirror.RecordLoss(4));
        Assert.False(mirror.RecordLoss(2));
        Assert.False(mirror.HasLossBetween(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.RecordLoss(0));

        Assert.True(mirror.RecordLoss(7));
        mirror.Complete();
        Assert.False(mirror.RecordLoss(9));
        Assert.Equal(7, mirror.LastSequence);
        Assert.True(mirror.HasLossBetween(4, 8));
        Assert.False(mirror.HasLossBetween(7, 8));
    }

    [Fact]
    public void A_tracker_that_never_lost_anything_finds_no_loss_in_any_jump()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Import(Status(1, "a", StatusState.Executing, 10, 3));
        tracker.Import(Status(1, "a", StatusState.Executing, 10, 30));

        Assert.False(tracker.HasLossBetween(0, 3));
        Assert.False(tracker.HasLossBetween(3, 30));
        Assert.False(tracker.HasLossBetween(0, long.MaxValue));
    }

    [Fact]
    public void Losses_that_follow_on_join_and_a_loss_at_the_start_is_found_by_a_reader_from_the_start()
    {
        using var mirror = new ChatStatusTracker();
        Assert.True(mirror.RecordLoss(2));
        Assert.True(mirror.RecordLoss(4));
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 5));

        Assert.True(mirror.HasLossBetween(0, 5));
        Assert.True(mirror.HasLossBetween(2, 5));
        Assert.False(mirror.HasLossBetween(4, 5));
    }

    [Fact]
    public void Losses_older_than_the_history_are_kept_as_one_span_so_memory_stays_bounded()
    {
        using var mirror = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 2 });
        mirror.RecordLoss(1);
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 2));
        mirror.RecordLoss(4);
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 5));
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 6));
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 7));

        // Each loss folds the ones older than the history (then 2, then 6 and 7) into one span: 1..4; 8 stays exact.
        mirror.RecordLoss(8);
        mirror.Import(Status(1, "a", StatusState.Executing, 10, 9));

        Assert.Equal([7L, 9L], mirror.History.Select(s => s.Sequence));
        Assert.True(mirror.HasLossBetween(0, 2));
        Assert.True(mirror.HasLossBetween(2, 5));
        Assert.True(mirror.HasLossBetween(1, 3), "inside the span: no longer exact");
        Assert.False(mirror.HasLossBetween(4, 7));
        Assert.True(mirror.HasLossBetween(7, 9));
        Assert.False(mirror.HasLossBetween(8, 9));
    }

    [Fact]
    public void At_most_so_many_losses_are_kept_apart_and_the_oldest_past_that_join_the_span()
    {
        using var mirror = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 10_000 });
        for (var i = 0; i < 1_500; i++)
        {
            mirror.RecordLoss((2 * i) + 1);
            mirror.Import(Status(1, "a", StatusState.Executing, 10, (2 * i) + 2));
        }

        // 1,500 losses (1, 3, 5 … 2,999), each before an imported even sequence: the newest 1,024 stay exact.
        Assert.True(mirror.HasLossBetween(2_998, 3_000));
        Assert.False(mirror.HasLossBetween(2_999, 3_000));
        Assert.True(mirror.HasLossBetween(950, 952), "1..951 are one span: 951 is exact, and so is 950..952");
        Assert.True(mirror.HasLossBetween(949, 951), "950 lies inside the span");
        Assert.False(mirror.HasLossBetween(951, 953));
    }
}
