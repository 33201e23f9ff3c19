using Rx.StatusTracking.Tests.Support;
using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Marbles;
using static Rx.StatusTracking.StatusState;

namespace Rx.StatusTracking.Tests.Operators;

public class ViewOperatorTests
{
    private static ChatStatus At(ChatStatus status, long ticks) => status with { Timestamp = new DateTimeOffset(ticks, TimeSpan.Zero) };

    [Fact]
    public void ToHistory_keeps_the_latest_statuses_and_empties_on_reset()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnNext(230, S("c", 1, Completed)),
            OnNext(240, Reset()),
            OnNext(250, S("d", 2, Executing)),
            OnCompleted<ChatStatus>(260));

        var result = scheduler.Start(() => source.ToHistory(limit: 2));

        Assert.Equal(["210:[a]", "220:[a,b]", "230:[b,c]", "240:[]", "250:[d]", "260:|"], result.Messages.Render());
    }

    [Fact]
    public void ToHistory_passes_errors_on_and_keeps_state_per_subscription()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateColdObservable(
            OnNext(10, S("a", 1, Executing)),
            OnError<ChatStatus>(20, new InvalidOperationException("boom")));
        var history = source.ToHistory(5);

        var first = scheduler.Start(() => history, created: 0, subscribed: 100, disposed: 1_000);
        var second = scheduler.CreateObserver<IReadOnlyList<ChatStatus>>();
        history.Subscribe(second);
        scheduler.Start();

        Assert.Equal(["110:[a]", "120:X(boom)"], first.Messages.Render());
        Assert.Equal(["1010:[a]", "1020:X(boom)"], second.Messages.Render());
        Assert.Throws<ArgumentOutOfRangeException>("limit", () => source.ToHistory(0));
    }

    [Fact]
    public void StepStates_gives_every_step_latest_state_attempts_and_duration()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, At(S("one running", 1, Executing), 210)),
            OnNext(220, At(S("two queued", 2, Pending), 220)),
            OnNext(260, At(S("one done", 1, Completed), 260)),
            OnNext(270, Reset()));

        var result = scheduler.Start(() => source.StepStates());

        var last = result.Messages[2].Value.Value;
        Assert.Equal(new StepSummary(1, "one done", Completed, TimeSpan.FromTicks(50), 1), last[1]);
        Assert.Equal(new StepSummary(2, "two queued", Pending, null, 0), last[2]);
        Assert.Single(result.Messages[0].Value.Value);
        Assert.Empty(result.Messages[3].Value.Value);

        // Snapshots share structure, yet an earlier one never changes.
        Assert.Equal(Executing, result.Messages[0].Value.Value[1].State);
        Assert.Equal([1, 2], last.Keys);
    }

    [Fact]
    public void Snapshot_operators_skip_statuses_no_tracker_would_record()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("one", 1, Executing)),
            OnNext(220, S("negative step", -3, Failed)),
            OnNext(230, S("undefined state", 2, (StatusState)7)));

        var states = scheduler.CreateObserver<IReadOnlyDictionary<int, StepSummary>>();
        var summaries = scheduler.CreateObserver<ExecutionSummary>();
        source.StepStates().Subscribe(states);
        source.RunningSummary().Subscribe(summaries);
        scheduler.Start();

        Assert.Equal(3, states.Messages.Count);
        Assert.All(states.Messages, m => Assert.Equal([1], m.Value.Value.Keys));
        Assert.Equal(3, summaries.Messages.Count);
        Assert.All(summaries.Messages, m => Assert.Equal([1], m.Value.Value.Steps.Select(s => s.Step)));
    }

    [Fact]
    public void StepStates_snapshots_list_steps_in_step_order_whatever_order_they_started_in()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("nine", 9, Executing)),
            OnNext(220, S("two", 2, Executing)),
            OnNext(230, S("five", 5, Pending)),
            OnNext(240, S("two done", 2, Completed)));

        var result = scheduler.Start(() => source.StepStates());

        Assert.Equal(["9", "2 9", "2 5 9", "2 5 9"], result.Messages.Select(m => string.Join(' ', m.Value.Value.Keys)));
        Assert.Equal([Executing, Executing, Completed], result.Messages.Select(m => m.Value.Value.TryGetValue(2, out var two) ? two.State : (StatusState?)null).OfType<StatusState>());
    }

    [Fact]
    public void StepDurations_reports_each_time_a_step_finishes()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, At(S("run", 1, Executing), 210)),
            OnNext(300, At(S("failed", 1, Failed), 300)),
            OnNext(310, At(S("retry", 1, Executing), 310)),
            OnNext(400, At(S("done", 1, Completed), 400)),
            OnCompleted<ChatStatus>(500));

        var result = scheduler.Start(() => source.StepDurations());

        Assert.Equal(
            [
                OnNext(300, new StepSummary(1, "failed", Failed, TimeSpan.FromTicks(90), 1)),
                OnNext(400, new StepSummary(1, "done", Completed, TimeSpan.FromTicks(190), 2)),
                OnCompleted<StepSummary>(500),
            ],
            result.Messages);
    }

    [Fact]
    public void WhereFailed_keeps_only_failures()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("a failed", 1, Failed)),
            OnNext(230, Reset()),
            OnNext(240, S("b failed", 2, Failed)),
            OnCompleted<ChatStatus>(250));

        var result = scheduler.Start(() => source.WhereFailed());

        Assert.Equal(["220:a failed", "240:b failed", "250:|"], result.Messages.Render());
    }

    [Fact]
    public void AggregateFailures_groups_failures_by_tool_and_tracks_steps_still_failing()
    {
        var scheduler = new TestScheduler();
        var webTimeout = S(ChatStatusMessages.ToolFailed("web_search", "timeout"), 3, Failed) with { Error = StatusError.From(new TimeoutException("timeout")) };
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("run", 3, Executing)),
            OnNext(220, webTimeout),
            OnNext(230, S("retry", 3, Executing)),
            OnNext(240, S(ChatStatusMessages.ToolFailed("web_search", "HTTP 500"), 3, Failed)),
            OnNext(250, S(ChatStatusMessages.ToolFailed("db_lookup", "deadlock"), 5, Failed)),
            OnNext(260, S("unrelated", 6, Completed)),
            OnNext(270, Reset()));

        var result = scheduler.Start(() => source.AggregateFailures());

        Assert.Equal([220L, 230, 240, 250, 270], result.Messages.Select(m => m.Time));
        var report = result.Messages[3].Value.Value;
        Assert.Equal(3, report.TotalFailures);
        Assert.Equal(2, report.DistinctFailingSteps);
        Assert.Equal([3, 5], report.StepsStillFailing);
        Assert.Equal(["The web_search tool failed", "The db_lookup tool failed"], report.Groups.Select(g => g.Key));
        Assert.Equal([2, 1], report.Groups.Select(g => g.Count));
        Assert.Equal("System.TimeoutException", report.Groups[0].Failures[0].Error!.Type);
        Assert.Empty(result.Messages[1].Value.Value.StepsStillFailing);
        Assert.Same(FailureReport.Empty, result.Messages[4].Value.Value);

        // Reports share structure with later ones, yet an earlier report never changes.
        var first = result.Messages[0].Value.Value;
        Assert.Equal((1, 1), (first.TotalFailures, first.DistinctFailingSteps));
        Assert.Equal([3], first.StepsStillFailing);
        Assert.Equal([("The web_search tool failed", 1)], first.Groups.Select(g => (g.Key, g.Count)));
        Assert.Same(webTimeout, Assert.Single(first.Groups[0].Failures));
    }

    [Fact]
    public void AggregateFailures_orders_groups_by_size_then_key_as_they_grow()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("b: x", 1, Failed)),
            OnNext(220, S("a: x", 2, Failed)),
            OnNext(230, S("c: x", 3, Failed)),
            OnNext(240, S("c: y", 4, Failed)),
            OnNext(250, S("a: y", 5, Failed)),
            OnNext(260, S("a: z", 6, Failed)));

        var result = scheduler.Start(() => source.AggregateFailures());

        Assert.Equal(
            ["b1", "a1 b1", "a1 b1 c1", "c2 a1 b1", "a2 c2 b1", "a3 c2 b1"],
            result.Messages.Select(m => string.Join(' ', m.Value.Value.Groups.Select(g => $"{g.Key}{g.Count}"))));
        Assert.Equal(["a: x", "a: y", "a: z"], result.Messages[^1].Value.Value.Groups[0].Failures.Select(f => f.Description));
    }

    [Fact]
    public void Progress_counts_states_and_stays_within_0_and_100_percent()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(200, At(S("1 run", 1, Executing), 200)),
            OnNext(300, At(S("1 done", 1, Completed), 300)),
            OnNext(300, At(S("2 run", 2, Executing), 300)),
            OnNext(400, At(S("2 failed", 2, Failed), 400)),
            OnNext(500, At(S("3 done", 3, Completed), 500)),
            OnNext(600, At(S("4 done", 4, Completed), 600)),
            OnNext(700, At(S("5 done", 5, Completed), 700)));

        var result = scheduler.Start(() => source.Progress(expectedSteps: 4), created: 0, subscribed: 100, disposed: 1_000);
        var snapshots = result.Messages.Select(m => m.Value.Value).ToArray();

        Assert.Equal([0.0, 25, 25, 50, 75, 100, 100], snapshots.Select(p => p.Percent));
        Assert.Equal((0, 1, 1, 0), (snapshots[2].Pending, snapshots[2].Executing, snapshots[2].Completed, snapshots[2].Failed));
        Assert.Equal(0.5, snapshots[3].SuccessRate);
        Assert.Equal(TimeSpan.FromTicks(200), snapshots[3].Elapsed);
        // Two finished steps of 100 ticks each, two still expected: 200 ticks left.
        Assert.Equal(TimeSpan.FromTicks(200), snapshots[3].EstimatedRemaining);
        Assert.Null(snapshots[0].EstimatedRemaining);
        Assert.Equal(TimeSpan.Zero, snapshots[6].EstimatedRemaining);
        Assert.All(snapshots, p => Assert.InRange(p.Percent, 0, 100));
    }

    [Fact]
    public void Progress_without_expected_steps_uses_the_steps_seen_and_never_divides_by_zero()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 2, Completed)),
            OnNext(230, Reset()));

        var result = scheduler.Start(() => source.Progress());

        Assert.Equal([0.0, 50, 0], result.Messages.Select(m => m.Value.Value.Percent));
        Assert.All(result.Messages, m => Assert.Null(m.Value.Value.EstimatedRemaining));
        Assert.Throws<ArgumentOutOfRangeException>("expectedSteps", () => source.Progress(0));
    }

    [Fact]
    public void Summarize_gives_the_trackers_own_summary_when_it_completes()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        var summaries = scheduler.CreateObserver<ExecutionSummary>();
        var running = scheduler.CreateObserver<ExecutionSummary>();
        tracker.Summarize(scheduler).Subscribe(summaries);
        tracker.RunningSummary().Subscribe(running);

        scheduler.AdvanceTo(100);
        tracker.Executing(1, "a");
        tracker.Pending(2, "b");
        scheduler.AdvanceTo(150);
        tracker.Failed(1, "a failed", new TimeoutException("slow"));
        scheduler.AdvanceTo(170);
        tracker.Executing(1, "a again");
        scheduler.AdvanceTo(220);
        tracker.Completed(1, "a done");
        Assert.Empty(summaries.Messages);
        Assert.Equal(tracker.GetSummary(), running.Messages[^1].Value.Value);
        scheduler.AdvanceTo(400);
        tracker.Complete();

        Assert.Equal(2, summaries.Messages.Count);
        Assert.Equal(400, summaries.Messages[0].Time);
        Assert.Equal(tracker.GetSummary(), summaries.Messages[0].Value.Value);
        Assert.Equal(TimeSpan.FromTicks(300), summaries.Messages[0].Value.Value.Duration);
        Assert.Equal(System.Reactive.NotificationKind.OnCompleted, summaries.Messages[1].Value.Kind);
        Assert.Equal(5, running.Messages.Count(m => m.Value.HasValue));
    }

    [Fact]
    public void RunningSummary_starts_over_after_a_reset()
    {
        using var tracker = new ChatStatusTracker();
        var summaries = new List<ExecutionSummary>();
        tracker.RunningSummary().Subscribe(summaries.Add);

        tracker.Completed(1, "a");
        tracker.Reset();

        Assert.Equal(1, summaries[0].CompletedSteps);
        Assert.Equal(ExecutionSummary.Empty, summaries[1]);
    }
}
