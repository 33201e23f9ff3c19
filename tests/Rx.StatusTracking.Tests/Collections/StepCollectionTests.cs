using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.ComponentModel;
using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Collections;

public class StepCollectionTests
{
    private static string Show(StepChangeSet set) =>
        (set.IsSnapshot ? "snapshot " : "") + string.Join(" ", set.Changes.Select(c => c.Reason switch
        {
            StepChangeReason.Clear => "clear",
            _ => $"{c.Reason.ToString().ToLowerInvariant()}@{c.Index}:{c.Current!.Step}/{c.Current.State}",
        }));

    [Fact]
    public void Connect_gives_a_snapshot_then_adds_updates_in_place_and_a_clear_on_reset()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(5, "five");
        tracker.Pending(2, "two");
        using var steps = new StepCollection(tracker.WithHistory());
        var seen = new List<string>();
        using var connection = steps.Connect().Subscribe(set => seen.Add(Show(set)));

        tracker.Pending(3, "three");
        tracker.Completed(5, "five done");
        tracker.Reset();
        tracker.Executing(1, "one");

        Assert.Equal(
            [
                "snapshot add@0:2/Pending add@1:5/Executing",
                "add@1:3/Pending",
                "update@2:5/Completed",
                "clear",
                "add@0:1/Executing",
            ],
            seen);
        Assert.Equal([1], steps.Items.Select(r => r.Step));
    }

    [Fact]
    public void Rows_carry_attempts_duration_and_the_latest_status()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        using var steps = new StepCollection(tracker);

        scheduler.AdvanceTo(100);
        tracker.Executing(1, "run");
        tracker.Failed(1, "failed");
        scheduler.AdvanceTo(130);
        tracker.Executing(1, "retry");
        var done = tracker.Completed(1, "done", data: "result");

        Assert.Equal(new StepRow(1, "done", StatusState.Completed, TimeSpan.FromTicks(30), 2, done), Assert.Single(steps.Items));
    }

    [Fact]
    public void Disposing_every_connection_leaves_no_observer_and_completion_reaches_late_connections()
    {
        var tracker = new ChatStatusTracker();
        var steps = new StepCollection(tracker);
        var a = steps.Connect().Subscribe(_ => { });
        var b = steps.Connect().Subscribe(_ => { });
        Assert.Equal(2, steps.ObserverCount);
        a.Dispose();
        b.Dispose();
        Assert.Equal(0, steps.ObserverCount);

        tracker.Pending(1, "x");
        tracker.Complete();
        var late = new GrammarObserver<StepChangeSet>();
        steps.Connect().Subscribe(late);
        Assert.Equal(1, late.CompletedCount);
        Assert.Single(Assert.Single(late.Values).Changes);
        tracker.Dispose();
        steps.Dispose();
    }

    [Fact]
    public async Task Binding_ten_thousand_updates_over_fifty_steps_changes_the_collection_only_on_the_ui_scheduler()
    {
        const int Steps = 50;
        const int Updates = 10_000;
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker.WithHistory());
        var target = new ObservableCollection<StepRow>();
        var events = new List<NotifyCollectionChangedAction>();
        target.CollectionChanged += (_, e) => events.Add(e.Action);
        using var binding = steps.Connect().BindSteps(target, ui);

        // Produced on background threads, as a pipeline would.
        await Task.WhenAll(
            Enumerable.Range(0, 2).Select(half => Task.Run(() =>
            {
                for (var i = 0; i < Updates / 2; i++)
                {
                    var step = (half * (Steps / 2)) + (i % (Steps / 2));
                    tracker.Executing(step, $"update {i}", data: i);
                }
            }))).WaitAsync(TimeSpan.FromSeconds(60));
        for (var step = 0; step < Steps; step++)
        {
            tracker.Completed(step, $"step {step} done");
        }

        Assert.Empty(target);
        Assert.Empty(events);

        ui.Start();

        Assert.Equal(Enumerable.Range(0, Steps), target.Select(r => r.Step));
        Assert.All(target, r => Assert.Equal(StatusState.Completed, r.State));
        Assert.All(target, r => Assert.Equal($"step {r.Step} done", r.Description));
        // The bound: changes merged between two UI runs cost one event per row. Everything arrived before the
        // UI ran once (one Add per step; binding is not a reset).
        Assert.Equal(Enumerable.Repeat(NotifyCollectionChangedAction.Add, Steps), events);

        events.Clear();
        for (var step = 0; step < Steps; step += 10)
        {
            tracker.Executing(Steps + step, "more");
        }

        tracker.Reset();
        tracker.Executing(7, "after reset");
        ui.Start();

        Assert.Equal([NotifyCollectionChangedAction.Reset, NotifyCollectionChangedAction.Add], events);
        Assert.Equal([7], target.Select(r => r.Step));
    }

    [Fact]
    public void Binding_raises_one_add_per_existing_step_and_no_reset()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "a");
        tracker.Pending(2, "b");
        using var steps = new StepCollection(tracker.WithHistory());
        var target = new ObservableCollection<StepRow>();
        var events = new List<(NotifyCollectionChangedAction, int)>();
        target.CollectionChanged += (_, e) => events.Add((e.Action, e.NewStartingIndex));

        using var binding = steps.Connect().BindSteps(target, ui);
        ui.Start();

        Assert.Equal([(NotifyCollectionChangedAction.Add, 0), (NotifyCollectionChangedAction.Add, 1)], events);
        Assert.Equal([1, 2], target.Select(r => r.Step));
    }

    [Fact]
    public void Binding_a_collection_that_already_holds_items_replaces_them_with_one_reset()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        tracker.Executing(4, "a");
        using var steps = new StepCollection(tracker.WithHistory());
        var labels = new ObservableCollection<string> { "left over" };
        var events = new List<NotifyCollectionChangedAction>();
        labels.CollectionChanged += (_, e) => events.Add(e.Action);

        using var binding = steps.Connect().BindSteps(labels, r => $"{r.Step}", ui);
        ui.Start();

        Assert.Equal([NotifyCollectionChangedAction.Reset, NotifyCollectionChangedAction.Add], events);
        Assert.Equal(["4"], labels);
    }

    [Fact]
    public void Updates_of_existing_rows_are_replaced_at_the_same_index()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker);
        using var binding = steps.Connect().BindSteps(ui, out var view);
        tracker.Pending(1, "a");
        tracker.Pending(2, "b");
        ui.Start();
        var replaced = new List<(NotifyCollectionChangedAction, int)>();
        ((INotifyCollectionChanged)view).CollectionChanged += (_, e) => replaced.Add((e.Action, e.NewStartingIndex));

        tracker.Executing(2, "b running");
        tracker.Executing(2, "b half way");
        ui.Start();

        Assert.Equal([(NotifyCollectionChangedAction.Replace, 1)], replaced);
        Assert.Equal(["a", "b half way"], view.Select(r => r.Description));
    }

    [Fact]
    public void A_selector_binds_any_item_type()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker);
        var labels = new ObservableCollection<string>();
        using var binding = steps.Connect().BindSteps(labels, r => $"{r.Step}: {r.State}", ui);

        tracker.Executing(2, "x");
        tracker.Pending(1, "y");
        tracker.Completed(2, "z");
        ui.Start();

        Assert.Equal(["1: Pending", "2: Completed"], labels);
    }

    [Fact]
    public void The_view_model_changes_only_on_its_scheduler_and_merges_updates()
    {
        var ui = new TestScheduler();
        using var tracker = new ChatStatusTracker();
        using var model = new StatusViewModel(tracker, ui, expectedSteps: 4);
        var changed = new List<string>();
        // Through the interface, as binding frameworks listen.
        ((INotifyPropertyChanged)model).PropertyChanged += (_, e) => changed.Add(e.PropertyName!);

        tracker.Executing(1, "one");
        tracker.Completed(1, "one done");
        tracker.Executing(2, "two");
        tracker.Failed(2, "two failed");
        Assert.Empty(changed);
        Assert.Equal(0, model.Percent);

        ui.Start();

        Assert.Equal(50, model.Percent);
        Assert.Equal("two failed", model.CurrentDescription);
        Assert.Equal(StatusState.Failed, model.State);
        Assert.True(model.HasFailures);
        Assert.StartsWith("2 steps in ", model.SummaryText, StringComparison.Ordinal);
        Assert.Equal([nameof(model.Percent), nameof(model.CurrentDescription), nameof(model.State), nameof(model.HasFailures), nameof(model.SummaryText)], changed);

        changed.Clear();
        tracker.Complete();
        ui.Start();
        Assert.Equal([nameof(model.IsCompleted)], changed);
    }
}
