using Rx.StatusTracking.Demo.Simulation;

namespace Rx.StatusTracking.Demo.Tests;

public class ChatTurnSimulationTests
{
    private static long Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds).Ticks;

    [Fact]
    public void The_turn_runs_its_exact_timeline_in_virtual_time()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new() { Scheduler = scheduler, Validation = StatusValidation.Strict });
        var seen = new List<ChatStatus>();
        tracker.Subscribe(seen.Add);

        new ChatTurnSimulation(tracker, jitter: 0).Start();
        scheduler.Start();

        Assert.True(tracker.IsCompleted);
        Assert.Equal(
            [
                (0, 1, StatusState.Executing),
                (400, 1, StatusState.Completed),
                (400, 2, StatusState.Executing),
                (1_600, 2, StatusState.Completed),
                (1_600, 3, StatusState.Pending),
                (1_600, 4, StatusState.Pending),
                (1_600, 5, StatusState.Pending),
                (1_650, 3, StatusState.Executing),
                (1_650, 4, StatusState.Executing),
                (1_650, 5, StatusState.Executing),
                (2_050, 4, StatusState.Failed),
                (2_200, 5, StatusState.Completed),
                (2_350, 4, StatusState.Executing),
                (2_500, 3, StatusState.Completed),
                (2_850, 4, StatusState.Completed),
                (2_851, 6, StatusState.Executing),
                (3_951, 6, StatusState.Completed),
            ],
            seen.Select(s => ((int)(s.Timestamp.Ticks / TimeSpan.TicksPerMillisecond), s.Step, s.State)));
        Assert.Equal(Enumerable.Range(1, 17).Select(i => (long)i), seen.Select(s => s.Sequence));
    }

    [Fact]
    public void The_turn_ends_with_every_step_completed_after_one_retried_failure()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new() { Scheduler = scheduler });

        new ChatTurnSimulation(tracker, jitter: 0).Start();
        scheduler.Start();

        var summary = tracker.GetSummary();
        Assert.Equal((6, 6, 0), (summary.TotalSteps, summary.CompletedSteps, summary.FailedSteps));
        // TestScheduler runs an action due "now" one tick later, so the first status is at tick 1.
        Assert.Equal(1, tracker.History[0].Timestamp.Ticks);
        Assert.Equal(TimeSpan.FromTicks(Ms(3_951) - 1), summary.Duration);
        Assert.Equal(2, summary.Steps.Single(s => s.Step == ChatTurnSimulation.ApiCallStep).Attempts);
        Assert.Equal(TimeSpan.FromTicks(Ms(1_200)), summary.Steps.Single(s => s.Step == ChatTurnSimulation.ApiCallStep).Duration);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal("The weather_api tool failed: HTTP 503 Service Unavailable.", failure.Description);
        Assert.Equal("System.Net.Http.HttpRequestException", failure.Error!.Type);
    }

    [Fact]
    public void Jitter_changes_the_times_but_never_the_order_of_a_step()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var scheduler = new TestScheduler();
            using var tracker = new ChatStatusTracker(options: new() { Scheduler = scheduler, Validation = StatusValidation.Strict });

            new ChatTurnSimulation(tracker, jitter: 0.15, seed: seed).Start();
            scheduler.Start();

            Assert.Equal(6, tracker.GetSummary().CompletedSteps);
        }
    }
}
