using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Nesting;

public class ParentStepTests
{
    private const string Fixed = " The status was recorded with the step's own parent.";
    private const string TopLevel = " The status was recorded at the top level.";

    private static ChatStatusTracker Strict() => new(options: new() { Validation = StatusValidation.Strict });

    private static ChatStatus Child(int step, int? parent, StatusState state = StatusState.Executing, string description = "work") =>
        new() { Step = step, Description = description, State = state, ParentStep = parent };

    [Fact]
    public void A_reserved_child_carries_its_parent_on_every_status_whichever_method_reports_it()
    {
        using var tracker = Strict();
        var run = tracker.ReserveStep();
        tracker.Executing(run, "agent running");
        var tool = tracker.ReserveStep(run);
        var inner = tracker.ReserveStep(tool);
        tracker.Pending(tool, "queued");
        tracker.AwaitingInput(tool, "approve?");
        tracker.ReportProgress(tool, 0.5);
        tracker.Executing(inner, "inner agent");
        tracker.Update(new ChatStatus { Step = tool, Description = "done", State = StatusState.Completed });
        tracker.Update(Child(inner, tool, StatusState.Completed, "inner done")); // repeating the parent is fine

        (int, int?)[] expected = [(1, null), (2, 1), (2, 1), (2, 1), (3, 2), (2, 1), (3, 2)];
        Assert.Equal(expected, tracker.History.Select(s => (s.Step, s.ParentStep)));
        Assert.Equal([null, 1, 2], tracker.GetSummary().Steps.Select(s => s.ParentStep));
    }

    [Fact]
    public void A_steps_first_status_may_name_its_parent_and_later_ones_carry_it_without_naming_it()
    {
        using var tracker = Strict();
        tracker.Executing(1, "workflow");
        tracker.Update(Child(7, 1));

        Assert.Equal(1, tracker.Executing(7, "still working").ParentStep);
        Assert.Equal(1, tracker.Update(Child(7, null, StatusState.Completed)).ParentStep);
    }

    [Fact]
    public void A_reserved_step_may_be_a_parent_before_it_reports_while_a_plain_reservation_is_top_level()
    {
        using var tracker = Strict();
        var workflow = tracker.ReserveStep();
        var executor = tracker.ReserveStep(workflow);
        tracker.Executing(executor, "executor running");
        tracker.Executing(workflow, "workflow running");
        var plain = tracker.ReserveStep();

        var refused = Assert.Throws<InvalidParentStepException>(() => tracker.Update(Child(plain, workflow)));

        Assert.Equal("Step 3 has no parent; it cannot change to parent step 1. (Parameter 'parentStep')", refused.Message);
        (int, int?)[] expected = [(2, 1), (1, null)];
        Assert.Equal(expected, tracker.History.Select(s => (s.Step, s.ParentStep)));
    }

    [Fact]
    public void Strict_refuses_an_unknown_parent_the_step_itself_and_a_change_with_a_typed_exception_and_records_nothing()
    {
        using var tracker = Strict();
        tracker.Executing(1, "parent");
        tracker.Update(Child(2, 1));

        var unknown = Assert.Throws<InvalidParentStepException>(() => tracker.Update(Child(3, 9, StatusState.Pending)));
        var own = Assert.Throws<InvalidParentStepException>(() => tracker.Update(Child(4, 4, StatusState.Pending)));
        var changed = Assert.Throws<InvalidParentStepException>(() => tracker.Update(Child(2, 3, StatusState.Completed)));
        var topLevel = Assert.Throws<InvalidParentStepException>(() => tracker.Update(Child(1, 2, StatusState.Completed)));
        var negative = Assert.Throws<InvalidParentStepException>(() => tracker.Update(Child(5, -4)));
        var child = Assert.Throws<InvalidParentStepException>(() => tracker.ReserveStep(7));

        Assert.Equal("Step 3 names parent step 9, which was neither recorded nor reserved since the last reset. (Parameter 'parentStep')", unknown.Message);
        Assert.Equal(((int?)3, 9), (unknown.Step, unknown.ParentStep));
        Assert.Equal("Step 4 cannot be its own parent. (Parameter 'parentStep')", own.Message);
        Assert.Equal("Step 2 has parent step 1; it cannot change to parent step 3. (Parameter 'parentStep')", changed.Message);
        Assert.Equal("Step 1 has no parent; it cannot change to parent step 2. (Parameter 'parentStep')", topLevel.Message);
        Assert.Equal("Step 5 names parent step -4, which was neither recorded nor reserved since the last reset. (Parameter 'parentStep')", negative.Message);
        Assert.Equal("Step 7 was neither recorded nor reserved since the last reset, so it cannot be a parent. (Parameter 'parentStep')", child.Message);
        Assert.Equal(((int?)null, 7), (child.Step, child.ParentStep));
        Assert.Equal(2, tracker.LastSequence);
        Assert.Equal([1, 2], tracker.GetSummary().Steps.Select(s => s.Step));
        Assert.Equal(3, tracker.ReserveStep()); // the refused reservation took no number
    }

    [Fact]
    public void Lenient_records_a_new_step_with_a_refused_parent_at_the_top_level_a_known_one_with_its_own_and_reports_both()
    {
        using var tracker = new ChatStatusTracker();
        var errors = tracker.RecordErrors();
        tracker.Executing(1, "parent");
        var child = tracker.ReserveStep(1);

        var orphan = tracker.Update(Child(5, 9));
        var own = tracker.Update(Child(6, 6));
        var moved = tracker.Update(Child(child, 5));
        var reserved = tracker.ReserveStep(42);
        var later = tracker.Executing(reserved, "reserved at the top level");

        (int, int?, long)[] expected = [(5, null, 2), (6, null, 3), (2, 1, 4), (7, null, 5)];
        Assert.Equal(expected, new[] { orphan, own, moved, later }.Select(s => (s.Step, s.ParentStep, s.Sequence)));
        Assert.Equal(
            [
                "Step 5 names parent step 9, which was neither recorded nor reserved since the last reset." + TopLevel,
                "Step 6 cannot be its own parent." + TopLevel,
                "Step 2 has parent step 1; it cannot change to parent step 5." + Fixed,
                "Step 42 was neither recorded nor reserved since the last reset, so it cannot be a parent. Step 7 was reserved at the top level.",
            ],
            errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal(StatusTrackingErrorKind.InvalidArgument, e.Kind));
        Assert.Equal([orphan, own, moved, null], errors.Select(e => e.Status));
    }

    [Fact]
    public void An_invalid_transition_is_refused_after_the_parent_is_checked()
    {
        using var strict = Strict();
        strict.Completed(1, "done");
        Assert.Throws<InvalidParentStepException>(() => strict.Update(Child(1, 1, StatusState.Executing)));
        Assert.Throws<InvalidStatusTransitionException>(() => strict.Update(Child(1, null, StatusState.Executing)));

        using var lenient = new ChatStatusTracker();
        var errors = lenient.RecordErrors();
        lenient.Completed(1, "done");
        Assert.Equal(0, lenient.Update(Child(1, 1, StatusState.Executing)).Sequence);
        Assert.Equal([StatusTrackingErrorKind.InvalidTransition], errors.Select(e => e.Kind));
    }

    [Fact]
    public void A_reset_forgets_every_parent_and_reservation()
    {
        using var tracker = Strict();
        tracker.Executing(1, "parent");
        tracker.ReserveStep(1);
        tracker.Reset();

        Assert.Throws<InvalidParentStepException>(() => tracker.ReserveStep(1));
        Assert.Equal(1, tracker.ReserveStep());
        Assert.Null(tracker.Executing(1, "a new parent").ParentStep);
        Assert.Equal(1, tracker.Update(Child(2, 1)).ParentStep); // step 2 was a child of the old step 1: forgotten
    }

    [Fact]
    public void An_imported_status_keeps_the_parent_its_source_recorded()
    {
        using var mirror = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });

        Assert.True(mirror.Import(new ChatStatus { Step = 8, Description = "child", State = StatusState.Executing, ParentStep = 3, Sequence = 40 }));

        Assert.Equal(3, mirror.Current!.ParentStep);
        Assert.Equal(3, Assert.Single(mirror.GetSummary().Steps).ParentStep);
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.Import(new ChatStatus { Step = 9, Description = "x", State = StatusState.Executing, ParentStep = 9, Sequence = 41 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.Import(new ChatStatus { Step = 9, Description = "x", State = StatusState.Executing, ParentStep = -2, Sequence = 41 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => mirror.Import(new ChatStatus { Step = 9, Description = "x", State = StatusState.Executing, Progress = 1.5, Sequence = 41 }));
    }

    [Fact]
    public void The_step_collection_and_step_states_carry_each_steps_parent()
    {
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker.WithHistory());
        IReadOnlyDictionary<int, StepSummary>? states = null;
        using var view = tracker.StepStates().Subscribe(s => states = s);
        tracker.Executing(1, "run");
        tracker.Executing(tracker.ReserveStep(1), "tool");

        Assert.Equal([null, 1], steps.Items.Select(r => r.ParentStep));
        Assert.Equal([null, 1], states!.Values.Select(s => s.ParentStep));
    }

    [Fact]
    public void The_summary_lists_children_under_their_parent_indented()
    {
        using var tracker = new ChatStatusTracker(options: new() { Scheduler = new TestScheduler() });
        tracker.Executing(1, "Planner agent");
        tracker.Executing(2, "Writer workflow");
        tracker.Update(Child(3, 1, description: "web_search"));
        tracker.Update(Child(4, 2, description: "writer executor"));
        tracker.Update(Child(5, 3, description: "researcher agent"));
        tracker.Update(Child(6, 1, StatusState.AwaitingInput, "send_email"));

        Assert.Equal(
            """
            6 steps in 0 ms: 0 completed, 0 failed, 5 executing, 1 awaiting input, 0 pending (success rate 0%)
              #1 Executing Planner agent
                #3 Executing web_search
                  #5 Executing researcher agent
                #6 AwaitingInput send_email
              #2 Executing Writer workflow
                #4 Executing writer executor
            """,
            tracker.GetSummary().ToString());
    }
}
