using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The failure reports the lifecycle helpers make on the way out of user code: they never throw, so a strict tracker's
/// refusal (a completed tracker, a step already ended, a description over its limit) never masks the user's exception.
/// </summary>
internal static class LifecycleReports
{
    // The exceptions recorded on a step (by a helper, the chat tracking, any caller of Failed with an exception), so the
    // operation around the work does not record them a second time. Weak keys: an exception that is gone takes its entry.
    private static readonly ConditionalWeakTable<Exception, ChatStatusTracker> Recorded = [];

    /// <summary>Whether the user's cancellation (not a timeout or another token's) ended the work.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Whether <paramref name="error"/> was already recorded on a step of <paramref name="tracker"/>.</summary>
    public static bool WasRecorded(ChatStatusTracker tracker, Exception error) =>
        Recorded.TryGetValue(error, out var on) && ReferenceEquals(on, tracker);

    /// <summary>Notes that <paramref name="tracker"/> recorded <paramref name="error"/> on a step (see <see cref="WasRecorded"/>).</summary>
    public static void NoteRecorded(ChatStatusTracker tracker, Exception error) => Recorded.AddOrUpdate(error, tracker);

    /// <summary>
    /// Records a failure, never throwing: a strict tracker that refuses the description (over its limit) is given the
    /// step's default sentence instead; any other strict refusal is dropped (a lenient tracker reports it on its
    /// <c>Errors</c> itself).
    /// </summary>
    /// <returns>Whether the failure was recorded.</returns>
    public static bool TryFail(ChatStatusTracker tracker, int step, string description, Exception? error)
    {
        try
        {
            return IsRecorded(tracker.Failed(step, description, error));
        }
        catch (ArgumentException)
        {
            return TryFailPlain(tracker, step, error);
        }
        catch (InvalidOperationException)
        {
            // Strict: the step already ended or the tracker completed; there is nothing left to end.
            return false;
        }
    }

    private static bool TryFailPlain(ChatStatusTracker tracker, int step, Exception? error)
    {
        try
        {
            return IsRecorded(tracker.Failed(step, ChatStatusMessages.ForState(step, StatusState.Failed), error));
        }
        catch (Exception refusal) when (refusal is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    // Sequence 0: a lenient tracker refused it (and reported why on its Errors).
    private static bool IsRecorded(ChatStatus status) => status.Sequence != 0;
}
