using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The failure reports the lifecycle helpers make on the way out of user code: they never throw, so a strict tracker's
/// refusal (a completed tracker, a step already ended, a description over its limit) never masks the user's exception.
/// </summary>
internal static class LifecycleReports
{
    // The exceptions a helper recorded on a step, so the operation around it does not record them a second time.
    // Weak keys: an exception that is gone takes its entry with it.
    private static readonly ConditionalWeakTable<Exception, ChatStatusTracker> Recorded = [];

    /// <summary>Whether the user's cancellation (not a timeout or another token's) ended the work.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Whether a lifecycle helper already recorded <paramref name="error"/> on a step of <paramref name="tracker"/>.</summary>
    public static bool WasRecorded(ChatStatusTracker tracker, Exception error) =>
        Recorded.TryGetValue(error, out var on) && ReferenceEquals(on, tracker);

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
            return Remember(tracker, tracker.Failed(step, description, error), error);
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
            return Remember(tracker, tracker.Failed(step, ChatStatusMessages.ForState(step, StatusState.Failed), error), error);
        }
        catch (Exception refusal) when (refusal is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool Remember(ChatStatusTracker tracker, ChatStatus status, Exception? error)
    {
        // Sequence 0: a lenient tracker refused it (and reported why on its Errors).
        if (status.Sequence == 0)
        {
            return false;
        }

        if (error is not null)
        {
            Recorded.AddOrUpdate(error, tracker);
        }

        return true;
    }
}
