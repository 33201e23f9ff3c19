using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Tracking;

public class BadArgumentTests
{
    private static ChatStatusTracker Strict() => new(options: new() { Validation = StatusValidation.Strict, MaxDescriptionLength = 20 });

    private static ChatStatusTracker Lenient() => new(options: new() { MaxDescriptionLength = 20 });

    [Fact]
    public void Strict_throws_the_matching_argument_exception_and_records_nothing()
    {
        using var tracker = Strict();

        Assert.Throws<ArgumentOutOfRangeException>("step", () => tracker.Pending(-1, "x"));
        Assert.Throws<ArgumentException>("description", () => tracker.Executing(1, null!));
        Assert.Throws<ArgumentException>("description", () => tracker.Executing(1, " \t"));
        Assert.Throws<ArgumentException>("description", () => tracker.Completed(1, new string('x', 21)));
        Assert.Throws<ArgumentOutOfRangeException>("state", () => tracker.Update(new ChatStatus { Step = 1, Description = "x", State = (StatusState)42 }));
        Assert.Throws<ArgumentNullException>("status", () => tracker.Update(null!));

        Assert.Empty(tracker.History);
        Assert.Equal(0, tracker.LastSequence);
        Assert.Equal(ExecutionSummary.Empty, tracker.GetSummary());
    }

    [Fact]
    public void Lenient_negative_step_is_recorded_as_step_0_and_reported()
    {
        using var tracker = Lenient();
        var errors = tracker.RecordErrors();

        var recorded = tracker.Pending(-5, "x");

        Assert.Equal(0, recorded.Step);
        Assert.Equal(1, recorded.Sequence);
        var error = Assert.Single(errors);
        Assert.Equal(StatusTrackingErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("Step -5 is negative; the status was recorded as step 0.", error.Message);
        Assert.Same(recorded, error.Status);
    }

    [Fact]
    public void Lenient_blank_description_gets_a_default_sentence()
    {
        using var tracker = Lenient();
        var errors = tracker.RecordErrors();

        Assert.Equal("Step 2 is running.", tracker.Executing(2, null!).Description);
        Assert.Equal("Step 2 is complete.", tracker.Completed(2, "   ").Description);
        Assert.Equal(["The description was blank; a default sentence was used."], errors.Select(e => e.Message).Distinct());
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Lenient_over_long_description_is_cut_with_an_ellipsis()
    {
        using var tracker = Lenient();
        var errors = tracker.RecordErrors();

        var recorded = tracker.Pending(1, "A very long description indeed.");

        Assert.Equal("A very long descrip…", recorded.Description);
        Assert.Equal(20, recorded.Description.Length);
        Assert.Equal("The description had 31 characters; it was cut to 20.", Assert.Single(errors).Message);
    }

    [Fact]
    public void Lenient_undefined_state_is_recorded_as_Executing()
    {
        using var tracker = Lenient();
        var errors = tracker.RecordErrors();

        var recorded = tracker.Update(new ChatStatus { Step = 1, Description = "x", State = (StatusState)42 });

        Assert.Equal(StatusState.Executing, recorded.State);
        Assert.Equal("State 42 is not a defined StatusState; the status was recorded as Executing.", Assert.Single(errors).Message);
    }

    [Fact]
    public void Failed_with_a_null_exception_records_the_failure_without_an_error_in_both_modes()
    {
        // Failed(step, description, null) binds to the exception overload: it must mean "no exception", not throw.
        foreach (var tracker in new[] { Lenient(), Strict() })
        {
            using (tracker)
            {
                var errors = tracker.RecordErrors();

                var recorded = tracker.Failed(1, "The lookup failed.", null);
                var withData = tracker.Failed(2, "The search failed.", null, data: 42);

                Assert.Equal((StatusState.Failed, 1L, null), (recorded.State, recorded.Sequence, recorded.Error));
                Assert.Equal((StatusState.Failed, 2L, (object?)42), (withData.State, withData.Sequence, withData.Data));
                Assert.Empty(errors);
            }
        }
    }

    [Fact]
    public void Lenient_several_bad_arguments_are_reported_together()
    {
        using var tracker = Lenient();
        var errors = tracker.RecordErrors();

        var recorded = tracker.Update(new ChatStatus { Step = -1, Description = "", State = (StatusState)(-3) });

        Assert.Equal((0, StatusState.Executing, "Step 0 is running."), (recorded.Step, recorded.State, recorded.Description));
        Assert.Equal(
            "Step -1 is negative; the status was recorded as step 0. State -3 is not a defined StatusState; the status was recorded as Executing. The description was blank; a default sentence was used.",
            Assert.Single(errors).Message);
    }

    [Fact]
    public void Lenient_still_rejects_a_null_status_because_nothing_can_stand_in_for_it()
    {
        using var tracker = Lenient();
        Assert.Throws<ArgumentNullException>("status", () => tracker.Update(null!));
    }

    [Fact]
    public void Subscribe_rejects_a_null_observer()
    {
        using var tracker = Lenient();
        Assert.Throws<ArgumentNullException>("observer", () => tracker.Subscribe(null!));
        Assert.Throws<ArgumentNullException>("observer", () => tracker.WithHistory().Subscribe(null!));
        Assert.Throws<ArgumentNullException>("observer", () => tracker.Errors.Subscribe(null!));
    }
}
