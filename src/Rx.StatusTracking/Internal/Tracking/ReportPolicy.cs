using System.Diagnostics.CodeAnalysis;
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
        && (uint)state <= (uint)StatusState.Failed
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

        if ((uint)state > (uint)StatusState.Failed)
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
