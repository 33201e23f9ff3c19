using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Tests.Hosting;

// The hub's memory budget (StatusHubOptions.MaxRetainedBytes): what it weighs, the order it sheds in, and how it reports.
public class RetentionBudgetTests
{
    private const long Budget = StatusHubOptions.MinRetainedBytes;
    private const long Operation = RetainedTotals.PerOperationBytes;

    // About 200 KB each as weighed (twice its JSON): five fit in the 1 MiB budget, six do not.
    private static string Big(char c) => new(c, 100_000);

    private static StatusHub OnTestScheduler(TestScheduler scheduler) =>
        new(new StatusHubOptions { Scheduler = scheduler, MaxRetainedBytes = Budget, CompletedRetention = TimeSpan.FromHours(1) });

    // What the tracker weighed a status it recorded by: its JSON before the lock, with sequence 1 for the one to come.
    private static long Weight(ChatStatus recorded) => RetainedTotals.Estimate(recorded with { Sequence = 1 });

    // Each status on its own step, so each is its step's latest: nothing of them can be shed while the operation runs.
    private static void ReportDistinctSteps(ChatStatusTracker tracker, int steps)
    {
        for (var step = 1; step <= steps; step++)
        {
            tracker.Executing(step, $"step {step}", Big((char)('0' + step)));
        }
    }

    private static List<string> Reports(StatusHub hub)
    {
        var reports = new List<string>();
        hub.Errors.Subscribe(e => reports.Add($"{e.Kind}/{e.Severity}/{e.Count}: {e.Message}"));
        return reports;
    }

    [Fact]
    public void Over_budget_the_histories_of_completed_operations_go_first_oldest_completion_first_keeping_summaries_and_failures()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var reports = Reports(hub);
        var a = hub.Create("a");
        var aStatuses = new[] { a.Executing(1, "a runs", Big('a')), a.Completed(1, "a done", Big('a')) };
        var b = hub.Create("b");
        b.Executing(1, "b runs", Big('b'));
        b.Completed(1, "b done", Big('b'));
        b.Complete();
        var bSummary = b.GetSummary();
        scheduler.AdvanceBy(10);
        a.Complete();
        var aSummary = a.GetSummary();
        var c = hub.Create("c");
        var c1 = c.Executing(1, "c runs", Big('c'));
        Assert.Equal((3 * Operation) + aStatuses.Sum(Weight) + b.History.Sum(Weight) + Weight(c1), hub.RetainedBytes);
        Assert.Empty(reports);

        var c2 = c.Executing(1, "c still runs", Big('c'));

        // b completed first (a 10 ticks later): b's history went, and that was enough (under 90% of the budget).
        Assert.Empty(b.History);
        Assert.Equal(2, b.DroppedFromHistory);
        Assert.Equal(bSummary, b.GetSummary());
        Assert.Equal(aStatuses, a.History);
        Assert.Equal(aSummary, a.GetSummary());
        Assert.Equal([c1, c2], c.History);
        Assert.Equal((3 * Operation) + aStatuses.Sum(Weight) + Weight(c1) + Weight(c2), hub.RetainedBytes);
        Assert.Equal(
            [$"RetentionShed/Warning/2: The hub retained more than its budget of {Budget} bytes: it dropped the histories of 1 completed operations (2 statuses), keeping their summaries and failures."],
            reports);
    }

    [Fact]
    public void A_shed_history_keeps_the_summary_exact_and_failures_whole_and_drops_step_payloads()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var a = hub.Create("a");
        a.Executing(1, "a runs", Big('a'));
        scheduler.AdvanceBy(5);
        var failure = a.Failed(1, "a failed", Big('f'));
        a.Executing(2, "a goes on", Big('a'));
        scheduler.AdvanceBy(7);
        a.Completed(2, "a done", Big('a'));
        a.Complete();
        var summary = a.GetSummary();

        var filler = hub.Create("filler");
        filler.Executing(1, "filler", Big('x'));
        filler.Executing(2, "filler", Big('x'));

        Assert.Empty(a.History);
        Assert.Null(a.Current);
        Assert.Equal(4, a.DroppedFromHistory);
        Assert.Equal(4, a.HistoryDroppedThrough);
        Assert.Equal(summary, a.GetSummary());
        Assert.Same(failure, Assert.Single(a.Failures));
        Assert.Same(failure, Assert.Single(a.GetSummary().Failures));
    }

    [Fact]
    public void Then_running_histories_keep_each_steps_latest_status_and_every_ending()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var reports = Reports(hub);
        var r = hub.Create("r");
        r.Executing(1, "first try", Big('1'));
        r.Executing(1, "first try, further", Big('1'));
        var failed = r.Failed(1, "first try failed", Big('1'));
        var other = r.Executing(2, "another step", "small");
        r.Executing(1, "second try", Big('1'));

        var latest = r.Executing(1, "second try, nearly there", Big('1'));

        Assert.Equal([failed, other, latest], r.History);
        Assert.Equal(RetentionPressure.CuttingRunningHistories, hub.RetentionPressure);
        scheduler.AdvanceBy(RetentionShedder.EpisodeQuietPeriod.Ticks + 1);
        Assert.Equal(RetentionPressure.None, hub.RetentionPressure);
        Assert.Equal(3, r.DroppedFromHistory);
        Assert.Equal(latest.Sequence, r.HistoryDroppedThrough);
        Assert.Same(latest, r.Current);
        Assert.Same(failed, Assert.Single(r.Failures));
        Assert.Equal(Operation + Weight(failed) + Weight(other) + Weight(latest) + Weight(failed), hub.RetainedBytes);
        Assert.Equal(
            [$"RetentionShed/Warning/3: The hub retained more than its budget of {Budget} bytes: it cut the histories of 1 running operations to each step's latest status and every ending (3 statuses dropped)."],
            reports);
    }

    [Fact]
    public void With_nothing_left_to_shed_new_operations_are_refused_until_completed_ones_can_go_and_each_step_is_reported_once()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var reports = Reports(hub);
        var r = hub.Create("r");
        ReportDistinctSteps(r, 6);

        // Six steps, each status its step's latest: nothing can be shed while r runs.
        var over = hub.RetainedBytes;
        var refused = Assert.Throws<StatusHubFullException>(() => hub.Create("next"));
        Assert.Equal("next", refused.OperationId);
        Assert.Equal(Budget, refused.MaxRetainedBytes);
        Assert.Equal(hub.RetainedBytes, refused.RetainedBytes);
        Assert.Equal(
            $"Operation 'next' was refused: the hub retains about {hub.RetainedBytes} bytes, more than its budget of {Budget}, and has nothing left to shed; it takes new operations again once it is within budget (operations completing can be shed, evicted ones free their share).",
            refused.Message);
        r.Executing(7, "step 7", Big('7'));
        Assert.Throws<StatusHubFullException>(() => hub.Create("next"));
        Assert.Throws<OperationExistsException>(() => hub.Create("r")); // what is wrong with the call itself comes first
        Assert.Equal(RetentionPressure.RefusingOperations, hub.RetentionPressure);
        Assert.Equal(7, r.History.Count);

        r.Complete();
        var next = hub.Create("next");

        Assert.Empty(r.History);
        Assert.Equal(RetentionPressure.SheddingCompletedHistories, hub.RetentionPressure);
        Assert.Equal(["r", "next"], hub.OperationIds);
        Assert.Equal(2 * Operation, hub.RetainedBytes);
        Assert.Equal(
            [
                $"RetentionShed/Warning/0: The hub retains {over} bytes, more than its budget of {Budget}, with nothing left to shed: new operations are refused (StatusHubFullException) until it is within budget.",
                $"RetentionShed/Warning/7: The hub retained more than its budget of {Budget} bytes: it dropped the histories of 1 completed operations (7 statuses), keeping their summaries and failures.",
            ],
            reports);
        Assert.NotNull(next);
    }

    [Fact]
    public void A_new_episode_starts_after_a_quiet_minute_and_is_reported_again()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var reports = Reports(hub);
        for (var i = 0; i < 12; i++)
        {
            var operation = hub.Create($"op-{i}");
            operation.Executing(1, "runs", Big('x'));
            operation.Complete();
            if (i == 5)
            {
                scheduler.AdvanceBy(RetentionShedder.EpisodeQuietPeriod.Ticks + 1);
            }
        }

        Assert.Equal(2, hub.SheddingEpisodes);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.StartsWith("RetentionShed/Warning/", r));
    }

    [Fact]
    public void What_is_weighed_is_released_on_reset_and_eviction_and_imports_are_weighed_too()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var a = hub.Create("a");
        var status = a.Executing(1, "runs", "payload");
        var imported = new ChatStatus { Step = 2, Description = "from elsewhere", State = StatusState.Failed, Sequence = 9, Data = "remote" };
        Assert.True(a.Import(imported));
        Assert.Equal(Operation + Weight(status) + (2 * RetainedTotals.Estimate(imported)), hub.RetainedBytes);
        Assert.Equal(3, hub.RetainedStatuses);

        a.Reset();
        Assert.Equal(Operation, hub.RetainedBytes);
        Assert.Equal(0, hub.RetainedStatuses);

        a.Executing(1, "runs again", "payload");
        a.Complete();
        scheduler.AdvanceBy(TimeSpan.FromHours(1).Ticks);
        Assert.Empty(hub.OperationIds);
        Assert.Equal(0, hub.RetainedBytes);
    }

    [Fact]
    public void Without_a_budget_nothing_is_weighed_and_a_budget_below_the_least_is_refused()
    {
        using var hub = new StatusHub();
        hub.Create("a").Executing(1, "runs", Big('a'));
        Assert.Null(hub.MaxRetainedBytes);
        Assert.Equal(0, hub.RetainedBytes);
        Assert.Equal(1, hub.RetainedStatuses);
        Assert.Throws<ArgumentOutOfRangeException>("MaxRetainedBytes", () => new StatusHub(new() { MaxRetainedBytes = StatusHubOptions.MinRetainedBytes - 1 }));
    }

    [Fact]
    public void Once_a_refusal_ends_within_budget_the_next_time_over_sheds_again()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var r = hub.Create("r");
        ReportDistinctSteps(r, 10);

        Assert.Throws<StatusHubFullException>(() => hub.Create("refused"));
        r.Reset();
        var a = hub.Create("a");
        for (var i = 0; i < 8; i++)
        {
            a.Executing(1, $"again {i}", Big('a'));
        }

        // Cut to its latest at the sixth (as a shedding pass would have it), then two more.
        Assert.Equal(["again 5", "again 6", "again 7"], a.History.Select(s => s.Description));
        Assert.InRange(hub.RetainedBytes, 0, Budget);
    }

    [Fact]
    public async Task A_slow_Errors_subscriber_does_not_stop_other_threads_shedding()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        using var inSubscriber = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        hub.Errors.Subscribe(_ =>
        {
            inSubscriber.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        });
        var a = hub.Create("a");
        var b = hub.Create("b");
        var first = Task.Run(() =>
        {
            for (var i = 0; i < 6; i++)
            {
                a.Executing(1, $"a {i}", Big('a'));
            }
        });
        Assert.True(inSubscriber.Wait(TimeSpan.FromSeconds(30)));
        for (var i = 0; i < 10; i++)
        {
            b.Executing(1, $"b {i}", Big('b'));
        }

        var retained = hub.RetainedBytes;
        release.Set();
        await first;

        Assert.InRange(retained, 0, Budget);
    }

    [Fact]
    public void An_episode_goes_on_while_the_hub_stays_over_budget_even_without_a_pass_for_minutes()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler);
        var reports = Reports(hub);
        var r = hub.Create("r");
        ReportDistinctSteps(r, 6);

        // Refusing; small statuses keep it over budget without a pass (a pass waits for a sixteenth of the budget more).
        for (var minute = 0; minute < 3; minute++)
        {
            scheduler.AdvanceBy(TimeSpan.FromSeconds(50).Ticks);
            r.Executing(10 + minute, "small", "x");
        }

        scheduler.AdvanceBy(TimeSpan.FromSeconds(50).Ticks);
        r.Executing(20, "big again", Big('z'));

        Assert.Equal(1, hub.SheddingEpisodes);
        Assert.Single(reports);
        Assert.Equal(RetentionPressure.RefusingOperations, hub.RetentionPressure);
    }
}
