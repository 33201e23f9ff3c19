using System.Reactive;
using System.Reactive.Concurrency;
using ModelContextProtocol;
using Rx.StatusTracking.Mcp;
using Rx.StatusTracking.Mcp.Tests.Support;

namespace Rx.StatusTracking.Mcp.Tests.Progress;

public sealed class McpProgressTests
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;

    [Fact]
    public void A_turn_becomes_rising_conflated_notifications_without_its_failure()
    {
        using var bridge = new Bridge(expectedSteps: 3);
        var (scheduler, tracker, observer) = (bridge.Scheduler, bridge.Tracker, bridge.Observer);

        At(scheduler, 0, () => tracker.Executing(1, "Analyzing the query"));
        At(scheduler, 50, () => tracker.ReportProgress(1, 0.5));
        At(scheduler, 100, () => tracker.Completed(1, "Query analyzed"));
        At(scheduler, 250, () => tracker.Executing(2, "Searching the web"));
        At(scheduler, 300, () => tracker.Failed(2, "Search failed: timeout"));
        At(scheduler, 350, () => tracker.Executing(3, "Writing the answer"));
        At(scheduler, 450, () => tracker.Completed(3, "Answer written"));
        At(scheduler, 500, tracker.Complete);
        scheduler.Start();

        Assert.Equal(
            [
                "0ms 0/3 Analyzing the query",
                "200ms 1/3 Query analyzed",
                "400ms 2/3 Writing the answer",
                "500ms 3/3 Answer written",
            ],
            Describe(observer));
        Assert.Equal(NotificationKind.OnCompleted, observer.Messages[^1].Value.Kind);
        Assert.Equal(500 * Ms, observer.Messages[^1].Time);
    }

    [Fact]
    public void A_fast_tracker_sends_one_notification_per_window()
    {
        using var bridge = new Bridge(expectedSteps: 1);
        var (scheduler, tracker, observer) = (bridge.Scheduler, bridge.Tracker, bridge.Observer);

        At(scheduler, 0, () => tracker.Executing(1, "Indexing"));

        // A figure every 0.5 ms for a second: 2,000 reports, between the window's ticks.
        for (var i = 1; i <= 2000; i++)
        {
            var report = i;
            scheduler.Schedule(TimeSpan.FromTicks((report * Ms / 2) - 1), () => tracker.ReportProgress(1, report / 2000.0, $"Indexing ({report}/2000)"));
        }

        At(scheduler, 1100, () => tracker.Completed(1, "Indexed"));
        At(scheduler, 1150, tracker.Complete);
        scheduler.Start();

        Assert.Equal(
            [
                "0ms 0/1 Indexing",
                "200ms 0.2/1 Indexing (400/2000)",
                "400ms 0.4/1 Indexing (800/2000)",
                "600ms 0.6/1 Indexing (1200/2000)",
                "800ms 0.8/1 Indexing (1600/2000)",
                "1000ms 1/1 Indexing (2000/2000)",
            ],
            Describe(observer));
    }

    [Fact]
    public void Without_expected_steps_progress_counts_the_steps_done_and_total_is_left_out()
    {
        using var bridge = new Bridge(expectedSteps: null);
        var (scheduler, tracker, observer) = (bridge.Scheduler, bridge.Tracker, bridge.Observer);

        At(scheduler, 0, () => tracker.Executing(1, "Reading"));
        At(scheduler, 300, () => tracker.Completed(1, "Read"));
        At(scheduler, 600, () => tracker.Completed(2, "Written"));
        At(scheduler, 700, tracker.Reset);
        At(scheduler, 900, () => tracker.Completed(1, "Read again"));
        At(scheduler, 1200, () => tracker.Completed(2, "Written again"));
        At(scheduler, 1500, () => tracker.Completed(3, "Checked"));
        scheduler.Start();

        // After the reset the count starts over: nothing is sent until it passes the highest figure sent.
        Assert.Equal(
            [
                "0ms 0/? Reading",
                "300ms 1/? Read",
                "600ms 2/? Written",
                "1500ms 3/? Checked",
            ],
            Describe(observer));
    }

    [Fact]
    public void Bad_options_are_refused_when_the_bridge_is_built()
    {
        using var tracker = new ChatStatusTracker();

        Assert.Equal("Window", Assert.Throws<ArgumentOutOfRangeException>(() => tracker.ToMcpProgress(new McpProgressOptions { Window = TimeSpan.Zero })).ParamName);
        Assert.Equal("ExpectedSteps", Assert.Throws<ArgumentOutOfRangeException>(() => tracker.ToMcpProgress(new McpProgressOptions { ExpectedSteps = 0 })).ParamName);
        Assert.Equal("Scheduler", Assert.Throws<ArgumentNullException>(() => tracker.ToMcpProgress(new McpProgressOptions { Scheduler = null! })).ParamName);
        Assert.Equal("progress", Assert.Throws<ArgumentNullException>(() => tracker.ReportMcpProgressTo(null!)).ParamName);
        Assert.Equal("session", Assert.Throws<ArgumentNullException>(() => { _ = tracker.SendMcpProgressAsync(session: null!, progressToken: null); }).ParamName);
    }

    // A tracker on a virtual clock and what its bridge sends, recorded with the virtual times.
    private sealed class Bridge : IDisposable
    {
        private readonly IDisposable _subscription;

        public Bridge(int? expectedSteps)
        {
            Tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = Scheduler });
            Observer = Scheduler.CreateObserver<ProgressNotificationValue>();
            _subscription = Tracker.ToMcpProgress(new McpProgressOptions { ExpectedSteps = expectedSteps, Scheduler = Scheduler }).Subscribe(Observer);
        }

        public TestScheduler Scheduler { get; } = new();

        public ChatStatusTracker Tracker { get; }

        public ITestableObserver<ProgressNotificationValue> Observer { get; }

        public void Dispose()
        {
            _subscription.Dispose();
            Tracker.Dispose();
        }
    }

    private static void At(TestScheduler scheduler, int milliseconds, Action action) =>
        scheduler.Schedule(TimeSpan.FromMilliseconds(milliseconds), action);

    private static string[] Describe(ITestableObserver<ProgressNotificationValue> observer) =>
        observer.Messages
            .Where(m => m.Value.Kind == NotificationKind.OnNext)
            .Select(m => $"{m.Time / Ms}ms {RecordingProgress.Format(m.Value.Value)}")
            .ToArray();
}
