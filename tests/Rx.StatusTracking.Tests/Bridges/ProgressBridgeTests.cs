using Rx.StatusTracking.Tests.Lifecycle;
using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Bridges;

public class ProgressBridgeTests
{
    // Synchronous, unlike Progress<T>, which posts to a synchronization context: the test sees each report at once.
    private sealed class Recorder<T> : IProgress<T>
    {
        public List<T> Reports { get; } = [];

        public void Report(T value) => Reports.Add(value);
    }

    [Fact]
    public void A_fraction_becomes_an_executing_status_with_the_percentage_and_the_figure_as_data()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        tracker.Pending(2, "Indexing.");
        IProgress<double> progress = tracker.ProgressFor(2, "Indexing the documents");

        progress.Report(0);
        scheduler.AdvanceBy(10);
        progress.Report(0.004); // still 0%: not recorded again
        progress.Report(0.4);
        progress.Report(0.409);
        scheduler.AdvanceBy(10);
        progress.Report(0.999);
        progress.Report(1);
        tracker.Completed(2, "Indexed.");

        Assert.Equal(
        [
            "0:2 Pending: Indexing.",
            "0:2 Executing: Indexing the documents (0%)",
            "10:2 Executing: Indexing the documents (40%)",
            "20:2 Executing: Indexing the documents (99%)",
            "20:2 Executing: Indexing the documents (100%)",
            "20:2 Completed: Indexed.",
        ], tracker.History());
        Assert.Equal([new StepProgress(0), new StepProgress(0.4), new StepProgress(0.999), new StepProgress(1)], tracker.History.Skip(1).SkipLast(1).Select(s => s.Data));
        Assert.Equal(1, tracker.GetSummary().Steps[0].Attempts);
    }

    [Fact]
    public void A_count_becomes_an_executing_status_with_done_of_total()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        IProgress<(int Done, int Total)> progress = tracker.ProgressFor(1, "Uploading files");

        progress.Report((0, 10));
        progress.Report((4, 10));
        progress.Report((4, 10));
        progress.Report((1_000, 200_000)); // 0.5%: the percentage fell to 0, a change

        Assert.Equal(
        [
            "0:1 Executing: Uploading files (0 of 10)",
            "0:1 Executing: Uploading files (4 of 10)",
            "0:1 Executing: Uploading files (1000 of 200000)",
        ], tracker.History());
        Assert.Equal(new StepProgress(0.4, 4, 10), tracker.History[1].Data);
    }

    [Fact]
    public void Bad_figures_are_clamped_or_ignored_never_thrown()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler(), StatusValidation.Strict);
        var progress = tracker.ProgressFor(1, "Working");

        progress.Report(double.NaN);
        progress.Report(-0.5);
        progress.Report(-3);
        progress.Report(double.PositiveInfinity);
        progress.Report((5, 0));
        progress.Report((5, -1));
        progress.Report((-2, 10));
        progress.Report((12, 10));

        Assert.Equal(
        [
            "0:1 Executing: Working (0%)",
            "0:1 Executing: Working (100%)",
            "0:1 Executing: Working (0 of 10)",
            "0:1 Executing: Working (10 of 10)",
        ], tracker.History());
        Assert.Equal([new StepProgress(0), new StepProgress(1), new StepProgress(0, 0, 10), new StepProgress(1, 10, 10)], tracker.History.Select(s => s.Data));
    }

    [Fact]
    public void After_the_step_ended_a_report_is_refused_as_the_tracker_refuses_it()
    {
        using var lenient = Trackers.OnTestScheduler(new TestScheduler());
        using var strict = Trackers.OnTestScheduler(new TestScheduler(), StatusValidation.Strict);
        var errors = lenient.RecordErrors();
        lenient.Completed(1, "done");
        strict.Completed(1, "done");

        lenient.ProgressFor(1, "late").Report(0.5);
        var refused = Assert.Throws<InvalidStatusTransitionException>(() => strict.ProgressFor(1, "late").Report(0.5));
        strict.Complete();
        Assert.Throws<InvalidOperationException>(() => strict.ProgressFor(2, "late").Report((1, 2)));

        Assert.Equal(["0:1 Completed: done"], lenient.History());
        Assert.Equal(["0:1 Completed: done"], strict.History());
        Assert.Equal(StatusTrackingErrorKind.InvalidTransition, Assert.Single(errors).Kind);
        Assert.Equal(StatusState.Completed, refused.From);
    }

    [Fact]
    public void Bad_arguments_throw_when_the_reporter_is_made()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Validation = StatusValidation.Lenient });

        Assert.Throws<ArgumentNullException>("tracker", () => ((ChatStatusTracker)null!).ProgressFor(1, "a"));
        Assert.Throws<ArgumentOutOfRangeException>("step", () => tracker.ProgressFor(-1, "a"));
        Assert.Throws<ArgumentNullException>("description", () => tracker.ProgressFor(1, null!));
        Assert.Throws<ArgumentException>("description", () => tracker.ProgressFor(1, " "));
        Assert.Equal(3, tracker.ProgressFor(3, "a").Step);
        Assert.Throws<ArgumentNullException>("source", () => ((IObservable<ChatStatus>)null!).ReportProgressTo(new Recorder<ProgressSnapshot>()));
        Assert.Throws<ArgumentNullException>("progress", () => tracker.ReportProgressTo(null!));
        Assert.Throws<ArgumentOutOfRangeException>("expectedSteps", () => tracker.ReportProgressTo(new Recorder<ProgressSnapshot>(), 0));
        Assert.Equal(0, tracker.SubscriberCount);
    }

    [Fact]
    public void Progress_snapshots_go_to_an_IProgress_until_the_handle_is_disposed()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        var recorder = new Recorder<ProgressSnapshot>();
        tracker.Executing(1, "a");

        var reporting = tracker.WithHistory().ReportProgressTo(recorder, expectedSteps: 4);
        scheduler.AdvanceBy(10);
        tracker.Completed(1, "a done");
        tracker.Executing(2, "b");
        reporting.Dispose();
        tracker.Completed(2, "b done");

        Assert.Equal(
            ["0% 0/1 done after 0", "25% 1/1 done after 10", "25% 1/2 done after 10"],
            recorder.Reports.Select(p => $"{p.Percent}% {p.Completed}/{p.TotalSteps} done after {p.Elapsed.Ticks}"));
        Assert.Equal(0, tracker.SubscriberCount);
    }
}
