namespace Rx.StatusTracking.Tests.Nesting;

/// <summary>The <see cref="IProgress{T}"/> bridge's figures are the steps' own progress: they count in the percent.</summary>
public class BridgedProgressTests
{
    [Fact]
    public void A_bridged_fraction_or_count_is_the_statuss_progress_and_counts_toward_the_percent()
    {
        using var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        tracker.Executing(1, "Indexing.");
        tracker.Executing(2, "Uploading.");
        IProgress<double> indexing = tracker.ProgressFor(1, "Indexing the documents");
        IProgress<(int Done, int Total)> uploading = tracker.ProgressFor(2, "Uploading files");

        indexing.Report(0.25);
        uploading.Report((3, 4));

        Assert.Equal([null, null, 0.25, 0.75], tracker.History.Select(s => s.Progress));
        Assert.Equal([null, null, new StepProgress(0.25), new StepProgress(0.75, 3, 4)], tracker.History.Select(s => s.Data));
        Assert.Equal(50, tracker.GetProgress().Percent); // (0.25 + 0.75) of 2 steps
    }
}
