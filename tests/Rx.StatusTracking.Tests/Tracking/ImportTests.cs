using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

public class ImportTests
{
    [Fact]
    public void A_mirror_keeps_sequences_and_timestamps_and_its_figures_match_the_source()
    {
        var scheduler = new TestScheduler();
        using var source = OnTestScheduler(scheduler);
        scheduler.AdvanceTo(10);
        source.Executing(1, "a");
        scheduler.AdvanceTo(20);
        source.Failed(1, "a failed", new InvalidOperationException("boom"));
        source.Executing(1, "a again");
        scheduler.AdvanceTo(35);
        source.Completed(1, "a done", data: 42);
        source.Pending(2, "b");

        var mirrorClock = new TestScheduler();
        mirrorClock.AdvanceTo(1_000);
        using var mirror = OnTestScheduler(mirrorClock);
        var observer = mirrorClock.CreateObserver<ChatStatus>();
        mirror.Subscribe(observer);
        foreach (var status in source.History)
        {
            Assert.True(mirror.Import(status));
        }

        Assert.Equal(source.History, mirror.History);
        Assert.Equal(source.History, observer.Messages.Select(m => m.Value.Value));
        Assert.Equal(source.LastSequence, mirror.LastSequence);
        Assert.Equal(source.GetSummary().Steps, mirror.GetSummary().Steps);
        Assert.Equal(source.GetProgress(), mirror.GetProgress());
        Assert.Equal(source.Failures, mirror.Failures);
    }

    [Fact]
    public void Duplicates_and_older_sequences_are_ignored_gaps_are_accepted()
    {
        using var mirror = new ChatStatusTracker();
        Assert.True(mirror.Import(Status(1, "a", StatusState.Executing, 10, 5)));
        Assert.False(mirror.Import(Status(1, "a", StatusState.Executing, 10, 5)));
        Assert.False(mirror.Import(Status(1, "old", StatusState.Pending, 5, 3)));
        Assert.True(mirror.Import(Status(1, "a done", StatusState.Completed, 30, 9)));

        Assert.Equal([5L, 9L], mirror.History.Select(s => s.Sequence));
        Assert.Equal(9, mirror.LastSequence);
        Assert.Equal(10, mirror.Pending(2, "next").Sequence);
    }

    [Fact]
    public void A_mirror_that_starts_mid_step_accepts_any_state_without_reporting_a_transition()
    {
        using var mirror = new ChatStatusTracker(options: new StatusTrackerOptions { Validation = StatusValidation.Strict });
        var errors = new List<StatusTrackingError>();
        mirror.Errors.Subscribe(errors.Add);

        Assert.True(mirror.Import(Status(3, "c done", StatusState.Completed, 10, 40)));
        Assert.True(mirror.Import(Status(3, "c again", StatusState.Executing, 11, 41)));

        Assert.Empty(errors);
        Assert.Equal(StatusState.Executing, mirror.Current!.State);
    }

    [Fact]
    public void An_imported_reset_marker_resets_and_is_delivered_with_its_sequence()
    {
        using var mirror = new ChatStatusTracker();
        var seen = new List<ChatStatus>();
        mirror.Subscribe(seen.Add);
        mirror.Import(Status(1, "a", StatusState.Failed, 10, 1));
        var marker = new ChatStatus { Step = ChatStatus.ResetStep, Description = ChatStatusMessages.TrackerReset, State = StatusState.Pending, Timestamp = At(20), Sequence = 2, IsReset = true };

        Assert.True(mirror.Import(marker));

        Assert.Empty(mirror.History);
        Assert.False(mirror.HasFailures);
        Assert.Equal(1, mirror.ResetCount);
        Assert.Equal(marker, seen[^1]);
    }

    [Fact]
    public void After_completion_nothing_is_imported()
    {
        using var mirror = new ChatStatusTracker();
        mirror.Complete();

        Assert.False(mirror.Import(Status(1, "a", StatusState.Executing, 10, 1)));
        Assert.Empty(mirror.History);
    }

    [Fact]
    public void Statuses_that_were_never_recorded_are_refused_with_a_typed_error()
    {
        using var mirror = new ChatStatusTracker();

        Assert.Throws<ArgumentNullException>(() => mirror.Import(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.Import(Status(1, "unrecorded", StatusState.Executing, 10, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.Import(Status(1, "a", (StatusState)9, 10, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.Import(Status(-4, "a", StatusState.Executing, 10, 1)));
        Assert.Throws<ArgumentException>(() => mirror.Import(Status(1, " ", StatusState.Executing, 10, 1)));
        Assert.Empty(mirror.History);
        Assert.Equal(0, mirror.LastSequence);
    }
}
