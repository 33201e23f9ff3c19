using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Tracking;

public class TransitionTests
{
    private static readonly StatusState[] States = Enum.GetValues<StatusState>();

    private static readonly HashSet<(StatusState From, StatusState To)> Allowed =
    [
        (StatusState.Pending, StatusState.Executing),
        (StatusState.Pending, StatusState.Completed),
        (StatusState.Pending, StatusState.Failed),
        (StatusState.Executing, StatusState.Executing),
        (StatusState.Executing, StatusState.Completed),
        (StatusState.Executing, StatusState.Failed),
        (StatusState.Failed, StatusState.Executing),
        (StatusState.Pending, StatusState.AwaitingInput),
        (StatusState.Executing, StatusState.AwaitingInput),
        (StatusState.AwaitingInput, StatusState.AwaitingInput),
        (StatusState.AwaitingInput, StatusState.Executing),
        (StatusState.AwaitingInput, StatusState.Completed),
        (StatusState.AwaitingInput, StatusState.Failed),
    ];

    [Fact]
    public void Every_pair_of_the_five_states_is_checked()
    {
        Assert.Equal(25, AllPairs().Count());
    }

    public static TheoryData<StatusState, StatusState> AllPairs()
    {
        var data = new TheoryData<StatusState, StatusState>();
        foreach (var from in States)
        {
            foreach (var to in States)
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Strict_allows_exactly_the_documented_transitions(StatusState from, StatusState to)
    {
        using var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        tracker.Update(new ChatStatus { Step = 1, Description = "first", State = from });
        var before = tracker.History;

        if (Allowed.Contains((from, to)))
        {
            var recorded = tracker.Update(new ChatStatus { Step = 1, Description = "second", State = to });
            Assert.Equal(2, recorded.Sequence);
            return;
        }

        var exception = Assert.Throws<InvalidStatusTransitionException>(() => tracker.Update(new ChatStatus { Step = 1, Description = "second", State = to }));
        Assert.Equal((1, from, to), (exception.Step, exception.From, exception.To));
        Assert.Equal(before, tracker.History);
        Assert.Equal(1, tracker.LastSequence);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Lenient_drops_invalid_transitions_reports_them_and_changes_nothing(StatusState from, StatusState to)
    {
        using var tracker = new ChatStatusTracker();
        var errors = tracker.RecordErrors();
        var seen = new List<ChatStatus>();
        tracker.Subscribe(seen.Add);
        tracker.Update(new ChatStatus { Step = 1, Description = "first", State = from });
        var summaryBefore = tracker.GetSummary();

        var result = tracker.Update(new ChatStatus { Step = 1, Description = "second", State = to });

        if (Allowed.Contains((from, to)))
        {
            Assert.Equal(2, result.Sequence);
            Assert.Empty(errors);
            return;
        }

        Assert.Equal(0, result.Sequence);
        Assert.Equal(to, result.State);
        Assert.Single(tracker.History);
        Assert.Equal(summaryBefore, tracker.GetSummary());
        Assert.Single(seen);
        var error = Assert.Single(errors);
        Assert.Equal(StatusTrackingErrorKind.InvalidTransition, error.Kind);
        Assert.Equal($"Step 1 cannot go from {from} to {to}; the report was dropped.", error.Message);
        Assert.Same(result, error.Status);
    }

    [Theory]
    [InlineData(StatusState.Pending)]
    [InlineData(StatusState.Executing)]
    [InlineData(StatusState.Completed)]
    [InlineData(StatusState.Failed)]
    [InlineData(StatusState.AwaitingInput)]
    public void A_new_step_may_start_in_any_state(StatusState state)
    {
        using var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        Assert.Equal(state, tracker.Update(new ChatStatus { Step = 9, Description = "x", State = state }).State);
    }

    [Fact]
    public void Steps_are_independent()
    {
        using var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        tracker.Completed(1, "one done");
        tracker.Executing(2, "two running");
        Assert.Throws<InvalidStatusTransitionException>(() => tracker.Executing(1, "one again"));
        tracker.Completed(2, "two done");
        Assert.Equal(2, tracker.GetSummary().CompletedSteps);
    }
}
