using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A tracker's handling of bad input, strict or lenient: the argument checks and their fallbacks, and the refusals
/// (a transition the step's state does not allow, a report after completion). Strict throws before anything is
/// recorded; lenient applies the documented fallback and returns the error to report on the tracker's <c>Errors</c>.
/// </summary>
internal sealed class ReportPolicy(StatusValidation validation, int maxDescriptionLength)
{
    private readonly bool _strict = validation == StatusValidation.Strict;

    /// <summary>Whether the arguments need no check: the common case, tested inline on the hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsPlain(int step, [NotNullWhen(true)] string? description, StatusState state) =>
        step >= 0
        && StatusTransitions.IsDefined(state)
        && description is { Length: > 0 }
        && description.Length <= maxDescriptionLength
        && !char.IsWhiteSpace(description[0]);

    /// <summary>Strict: throws for a bad argument. Lenient: applies the documented fallback.</summary>
    /// <returns>What the lenient fallbacks changed (to report once the status is recorded), or <see langword="null"/>.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string? Check(ref int step, [NotNull] ref string? description, ref StatusState state)
    {
        string? note = null;
        if (step < 0)
        {
            if (_strict)
            {
                throw new ArgumentOutOfRangeException(nameof(step), step, "A step number must be 0 or greater.");
            }

            note = Append(note, $"Step {step} is negative; the status was recorded as step 0.");
            step = 0;
        }

        if (!StatusTransitions.IsDefined(state))
        {
            if (_strict)
            {
                throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined StatusState value.");
            }

            note = Append(note, $"State {(int)state} is not a defined StatusState; the status was recorded as Executing.");
            state = StatusState.Executing;
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            if (_strict)
            {
                throw new ArgumentException("A description must not be null, empty or white space.", nameof(description));
            }

            note = Append(note, "The description was blank; a default sentence was used.");
            description = ChatStatusMessages.ForState(step, state);
        }
        else if (description.Length > maxDescriptionLength)
        {
            if (_strict)
            {
                throw new ArgumentException($"A description must be at most {maxDescriptionLength} characters; it was {description.Length}.", nameof(description));
            }

            note = Append(note, $"The description had {description.Length} characters; it was cut to {maxDescriptionLength}.");
            description = TextCut.To(description, maxDescriptionLength);
        }

        return note;
    }

    /// <summary>
    /// Strict: throws for a fraction done that is not a number, outside [0, 1], or given with a state other than
    /// <see cref="StatusState.Executing"/>. Lenient: clamps it into [0, 1] (NaN to 0), or leaves it out on another state.
    /// </summary>
    /// <returns><paramref name="note"/> with what the lenient fallbacks changed.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string? CheckProgress(StatusState state, ref double? progress, string? note)
    {
        if (progress is not { } fraction)
        {
            return note;
        }

        if (state != StatusState.Executing)
        {
            if (_strict)
            {
                throw new ArgumentException($"Only Executing statuses carry a progress figure; this one is {state}.", nameof(progress));
            }

            progress = null;
            return Append(note, $"A {state} status carried a progress figure ({fraction.ToString(CultureInfo.InvariantCulture)}); it was left out: only Executing statuses carry one.");
        }

        if (fraction is >= 0 and <= 1)
        {
            return note;
        }

        if (_strict)
        {
            throw new ArgumentOutOfRangeException(nameof(progress), fraction, "A progress figure is a fraction in [0, 1].");
        }

        progress = fraction > 1 ? 1 : 0;
        return Append(note, $"The progress figure {fraction.ToString(CultureInfo.InvariantCulture)} is not in [0, 1]; it was recorded as {progress.Value.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>
    /// Strict: throws <see cref="InvalidParentStepException"/>. Lenient: notes the fallback (a step whose parent is
    /// <paramref name="isFixed"/> keeps it, a new step is recorded at the top level).
    /// </summary>
    /// <returns><paramref name="note"/> with the fallback.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string? RefuseParent(int step, int parentStep, string problem, bool isFixed, string? note)
    {
        if (_strict)
        {
            throw new InvalidParentStepException(step, parentStep, problem);
        }

        return Append(note, problem + (isFixed ? " The status was recorded with the step's own parent." : " The status was recorded at the top level."));
    }

    /// <summary>Strict: throws <see cref="InvalidParentStepException"/> for a child of an unknown step. Lenient: says why it is refused.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string RefuseReservedParent(int parentStep)
    {
        var problem = $"Step {parentStep} was neither recorded nor reserved since the last reset, so it cannot be a parent.";
        return _strict ? throw new InvalidParentStepException(step: null, parentStep, problem) : problem;
    }

    /// <summary>The report of a child step reserved at the top level because its parent was refused (<see cref="RefuseReservedParent"/>).</summary>
    public static StatusTrackingError ReservedAtTopLevel(string problem, int reserved, DateTimeOffset now) =>
        new(StatusTrackingErrorKind.InvalidArgument, $"{problem} Step {reserved} was reserved at the top level.", now);

    /// <summary>The report of lenient fallbacks applied to a recorded status.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static StatusTrackingError Fallback(string note, ChatStatus recorded) =>
        new(StatusTrackingErrorKind.InvalidArgument, note, recorded.Timestamp) { Status = recorded };

    /// <summary>Strict: throws. Lenient: the report of a transition the step's state does not allow (the report is dropped).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public StatusTrackingError RefuseTransition(StatusState from, ChatStatus refused)
    {
        if (_strict)
        {
            throw new InvalidStatusTransitionException(refused.Step, from, refused.State);
        }

        return new StatusTrackingError(
            StatusTrackingErrorKind.InvalidTransition,
            $"Step {refused.Step} cannot go from {from} to {refused.State}; the report was dropped.",
            refused.Timestamp) { Status = refused };
    }

    /// <summary>Strict: throws. Lenient: the report of a status reported after the tracker completed.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public StatusTrackingError RefuseAfterCompletion(ChatStatus refused, bool disposed)
    {
        ThrowIfStrictAfterCompletion(disposed);
        var message = refused.IsReset
            ? "Reset() was called after the tracker completed; nothing was cleared."
            : $"Step {refused.Step} reported {refused.State} after the tracker completed; it was not recorded.";
        return new StatusTrackingError(StatusTrackingErrorKind.ReportAfterCompletion, message, refused.Timestamp) { Status = refused };
    }

    private void ThrowIfStrictAfterCompletion(bool disposed)
    {
        if (!_strict)
        {
            return;
        }

        if (disposed)
        {
            throw new ObjectDisposedException(nameof(ChatStatusTracker), "The tracker is disposed; it records nothing more.");
        }

        throw new InvalidOperationException("The tracker is completed; it records nothing more.");
    }

    private static string Append(string? note, string more) => note is null ? more : note + " " + more;
}
