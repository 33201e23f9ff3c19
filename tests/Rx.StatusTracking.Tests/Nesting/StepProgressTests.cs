using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Nesting;

public class StepProgressTests
{
    private static ChatStatusTracker Strict() => new(options: new() { Validation = StatusValidation.Strict });

    [Fact]
    public void ReportProgress_records_an_executing_status_with_its_fraction_keeping_the_description_unless_given()
    {
        using var tracker = Strict();
        tracker.Executing(1, "Downloading the report.");

        var half = tracker.ReportProgress(1, 0.5);
        var all = tracker.ReportProgress(1, 1, "Downloaded; checking it.");
        var fresh = tracker.ReportProgress(2, 0.25);
        var done = tracker.Completed(1, "Done.");

        Assert.Equal((StatusState.Executing, "Downloading the report.", (double?)0.5), (half.State, half.Description, half.Progress));
        Assert.Equal(("Downloaded; checking it.", (double?)1), (all.Description, all.Progress));
        Assert.Equal(("Step 2 is running.", (double?)0.25), (fresh.Description, fresh.Progress));
        Assert.Null(done.Progress);
        Assert.Equal(1, tracker.GetSummary().Steps[0].Attempts);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    public void Strict_refuses_a_fraction_outside_0_to_1_and_records_nothing(double progress)
    {
        using var tracker = Strict();

        Assert.Throws<ArgumentOutOfRangeException>("progress", () => tracker.ReportProgress(1, progress, "working"));
        Assert.Throws<ArgumentOutOfRangeException>("progress", () => tracker.Update(new ChatStatus { Step = 1, Description = "x", State = StatusState.Executing, Progress = progress }));
        Assert.Equal(0, tracker.LastSequence);
    }

    [Theory]
    [InlineData(double.NaN, 0.0, "NaN", "0")]
    [InlineData(-0.25, 0.0, "-0.25", "0")]
    [InlineData(7.0, 1.0, "7", "1")]
    public void Lenient_clamps_a_fraction_into_0_to_1_and_reports_it(double given, double recorded, string givenText, string recordedText)
    {
        using var tracker = new ChatStatusTracker();
        var errors = tracker.RecordErrors();

        var status = tracker.ReportProgress(1, given, "working");

        Assert.Equal(recorded, status.Progress);
        var error = Assert.Single(errors);
        Assert.Equal((StatusTrackingErrorKind.InvalidArgument, $"The progress figure {givenText} is not in [0, 1]; it was recorded as {recordedText}."), (error.Kind, error.Message));
        Assert.Same(status, error.Status);
    }

    [Fact]
    public void Only_executing_statuses_carry_a_fraction()
    {
        using var strict = Strict();
        Assert.Throws<ArgumentException>("progress", () => strict.Update(new ChatStatus { Step = 1, Description = "x", State = StatusState.Completed, Progress = 1 }));
        Assert.Equal(0, strict.LastSequence);

        using var lenient = new ChatStatusTracker();
        var errors = lenient.RecordErrors();
        var recorded = lenient.Update(new ChatStatus { Step = 1, Description = "x", State = StatusState.AwaitingInput, Progress = 0.4 });
        Assert.Equal((1L, (double?)null), (recorded.Sequence, recorded.Progress));
        Assert.Equal(["A AwaitingInput status carried a progress figure (0.4); it was left out: only Executing statuses carry one."], errors.Select(e => e.Message));
    }

    [Fact]
    public void A_running_steps_fraction_counts_toward_the_percent_and_a_parent_without_one_counts_its_childrens_mean()
    {
        using var tracker = Strict();
        tracker.Executing(1, "agent run");
        var search = tracker.ReserveStep(1);
        var download = tracker.ReserveStep(1);
        var approval = tracker.ReserveStep(1);
        tracker.Executing(search, "search");
        tracker.ReportProgress(download, 0.5, "download");
        tracker.AwaitingInput(approval, "approve?");

        // Children 0, 0.5 and 0: the parent counts 1/6; the operation 1/6 + 0 + 0.5 + 0 of 4 steps.
        Assert.Equal(100 * ((1.0 / 6) + 0.5) / 4, tracker.GetProgress().Percent, 6);

        tracker.Completed(search, "found");
        Assert.Equal(50, tracker.GetProgress().Percent); // parent (1 + 0.5 + 0) / 3 = 0.5, then 0.5 + 1 + 0.5 + 0

        tracker.ReportProgress(1, 0.9);
        Assert.Equal(60, tracker.GetProgress().Percent, 6); // the parent's own figure wins: 0.9 + 1 + 0.5 + 0

        tracker.Executing(1, "agent still running"); // no figure of its own again
        tracker.Completed(download, "downloaded");
        tracker.Failed(approval, "rejected");

        // Every child finished: the running parent counts exactly 1.
        Assert.Equal(100, tracker.GetProgress().Percent);
        Assert.Equal(80, tracker.GetProgress(expectedSteps: 5).Percent);
        Assert.Equal((1, 2, 1), (tracker.GetProgress().Executing, tracker.GetProgress().Completed, tracker.GetProgress().Failed));
    }

    [Fact]
    public void A_grandparent_counts_the_mean_of_its_childrens_figures_each_figured_from_its_own_children()
    {
        using var tracker = Strict();
        tracker.Executing(1, "workflow");
        var agent = tracker.ReserveStep(1);
        var executor = tracker.ReserveStep(1);
        tracker.Executing(agent, "agent");
        tracker.Executing(executor, "executor");
        tracker.ReportProgress(tracker.ReserveStep(agent), 0.5, "tool");
        tracker.Completed(tracker.ReserveStep(agent), "model call");

        // Agent: (0.5 + 1) / 2 = 0.75; workflow: (0.75 + 0) / 2 = 0.375; all: 0.375 + 0.75 + 0 + 0.5 + 1 of 5 steps.
        Assert.Equal(100 * 2.625 / 5, tracker.GetProgress().Percent, 9);
    }

    [Fact]
    public void The_progress_operator_gives_the_trackers_figures_after_every_status()
    {
        using var tracker = Strict();
        var fromStream = new List<ProgressSnapshot>();
        var fromTracker = new List<ProgressSnapshot>();
        using var view = tracker.Progress(expectedSteps: 4).Subscribe(fromStream.Add);
        using var read = tracker.Subscribe(_ => fromTracker.Add(tracker.GetProgress(expectedSteps: 4)));

        tracker.Executing(1, "run");
        var child = tracker.ReserveStep(1);
        tracker.ReportProgress(child, 0.25, "download");
        tracker.AwaitingInput(tracker.ReserveStep(1), "approve?");
        tracker.ReportProgress(child, 0.75);
        tracker.Completed(child, "downloaded");
        tracker.Reset();
        tracker.ReportProgress(1, 0.5, "again");

        Assert.Equal(fromTracker, fromStream);
        Assert.Equal([0, 12.5, 9.375, 28.125, 37.5, 0, 12.5], fromStream.Select(p => p.Percent));
    }
}
