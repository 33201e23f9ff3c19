using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

public class ReserveStepTests
{
    [Fact]
    public void Reserved_numbers_start_at_one_and_pass_every_step_reported_by_hand()
    {
        using var tracker = new ChatStatusTracker();
        Assert.Equal(1, tracker.ReserveStep());
        Assert.Equal(2, tracker.ReserveStep());

        tracker.Executing(7, "by hand");
        Assert.Equal(8, tracker.ReserveStep());

        // A lower step reported by hand does not pull the numbers back.
        tracker.Executing(3, "by hand, lower");
        Assert.Equal(9, tracker.ReserveStep());

        // Reserving records nothing.
        Assert.Equal([7, 3], tracker.History.Select(s => s.Step));
    }

    [Fact]
    public void A_reset_starts_the_numbers_over_and_imported_steps_count()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(tracker.ReserveStep(), "one");
        tracker.Executing(tracker.ReserveStep(), "two");
        tracker.Reset();
        Assert.Equal(1, tracker.ReserveStep());

        tracker.Import(new ChatStatus { Step = 12, Description = "mirrored", State = StatusState.Executing, Sequence = 100 });
        Assert.Equal(13, tracker.ReserveStep());
    }

    [Fact]
    public void Concurrent_reservations_never_share_a_number()
    {
        using var tracker = new ChatStatusTracker();
        var taken = new int[8][];
        Parallel.For(0, taken.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            taken[thread] = new int[10_000];
            for (var i = 0; i < taken[thread].Length; i++)
            {
                taken[thread][i] = tracker.ReserveStep();
            }
        });

        Assert.Equal(Enumerable.Range(1, 80_000), taken.SelectMany(t => t).Order());
    }

    [Fact]
    public void No_number_is_left_above_int_MaxValue_and_nothing_recorded_is_touched()
    {
        using var tracker = OnTestScheduler(new TestScheduler(), StatusValidation.Strict);
        tracker.Completed(int.MaxValue, "the last step there can be");

        var error = Assert.Throws<InvalidOperationException>(() => tracker.ReserveStep());
        Assert.Contains("int.MaxValue", error.Message, StringComparison.Ordinal);
        Assert.Equal(int.MaxValue, Assert.Single(tracker.History).Step);
    }
}
