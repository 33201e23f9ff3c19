namespace Rx.StatusTracking.Tests.Tracking;

public class TrackerOptionsTests
{
    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new StatusTrackerOptions();
        Assert.Same(System.Reactive.Concurrency.Scheduler.Default, options.Scheduler);
        Assert.Equal(1_000, options.HistoryLimit);
        Assert.Equal(StatusValidation.Lenient, options.Validation);
        Assert.Equal(4_096, options.MaxDescriptionLength);
    }

    [Fact]
    public void Invalid_options_fail_at_construction()
    {
        Assert.Throws<ArgumentNullException>("Scheduler", () => new ChatStatusTracker(options: new() { Scheduler = null! }));
        Assert.Throws<ArgumentOutOfRangeException>("HistoryLimit", () => new ChatStatusTracker(options: new() { HistoryLimit = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>("Validation", () => new ChatStatusTracker(options: new() { Validation = (StatusValidation)7 }));
        Assert.Throws<ArgumentOutOfRangeException>("MaxDescriptionLength", () => new ChatStatusTracker(options: new() { MaxDescriptionLength = 3 }));
    }

    [Fact]
    public void The_tracker_copies_its_options()
    {
        var options = new StatusTrackerOptions { HistoryLimit = 2 };
        using var tracker = new ChatStatusTracker(options: options);
        options.HistoryLimit = 100;

        for (var step = 0; step < 5; step++)
        {
            tracker.Pending(step, "x");
        }

        Assert.Equal(2, tracker.History.Count);
    }
}
