namespace Rx.StatusTracking.Internal;

/// <summary>
/// How the lifecycle helpers end an operation (<c>StatusHub.RunAsync</c>, <see cref="StatusOperation"/>): every step
/// still open is ended Failed with a sentence that says why, the failure itself is recorded once, and the tracker
/// completes. Never throws.
/// </summary>
internal static class OperationEnding
{
    /// <summary>Ends every open step as <paramref name="outcome"/> says, records the failure when no step holds it, and completes.</summary>
    /// <param name="tracker">The operation's tracker.</param>
    /// <param name="outcome">How the work ended.</param>
    /// <param name="error">The exception, for <see cref="OperationOutcome.Failed"/> and <see cref="OperationOutcome.Cancelled"/>.</param>
    public static void End(ChatStatusTracker tracker, OperationOutcome outcome, Exception? error)
    {
        try
        {
            // A tracker the work completed itself records nothing more: nothing to end.
            if (!tracker.IsCompleted)
            {
                EndOpenSteps(tracker, outcome, error);
            }
        }
        finally
        {
            tracker.Complete();
        }
    }

    /// <summary>What the exception of a failed work means: the caller's cancellation or a failure.</summary>
    public static OperationOutcome OutcomeOf(Exception error, CancellationToken cancellationToken) =>
        LifecycleReports.IsCancellation(error, cancellationToken) ? OperationOutcome.Cancelled : OperationOutcome.Failed;

    private static void EndOpenSteps(ChatStatusTracker tracker, OperationOutcome outcome, Exception? error)
    {
        var summary = tracker.GetSummary();

        // An exception a step helper recorded already is on its step: the running steps only say why they stopped.
        var unrecorded = error is not null && !LifecycleReports.WasRecorded(tracker, error) ? error : null;
        var reason = outcome switch
        {
            OperationOutcome.Succeeded => "the operation ended first",
            OperationOutcome.Cancelled => "the operation was cancelled",
            OperationOutcome.Failed => "the operation failed",
            _ => "the operation ended without success",
        };

        var executing = 0;
        foreach (var step in summary.Steps)
        {
            if (step.State == StatusState.Pending)
            {
                LifecycleReports.TryFail(tracker, step.Step, ChatStatusMessages.StepNotRun(step.Step, reason), error: null);
            }
            else if (step.State is StatusState.Executing or StatusState.AwaitingInput)
            {
                // A step waiting for a person is as unfinished as a running one: it ends Failed with the reason.
                executing++;
                if (unrecorded is null)
                {
                    LifecycleReports.TryFail(tracker, step.Step, ChatStatusMessages.StepNotFinished(step.Step, reason), error: null);
                }
                else
                {
                    var description = outcome == OperationOutcome.Cancelled
                        ? ChatStatusMessages.StepCancelled(step.Step)
                        : ChatStatusMessages.StepFailed(step.Step, unrecorded.Message);
                    LifecycleReports.TryFail(tracker, step.Step, description, unrecorded);
                }
            }
        }

        if (executing > 0)
        {
            return;
        }

        // No step was running: the failure gets a step of its own, so the summary shows it.
        if (unrecorded is not null)
        {
            var description = outcome == OperationOutcome.Cancelled
                ? ChatStatusMessages.OperationCancelled
                : ChatStatusMessages.OperationFailed(unrecorded.Message);
            FailNewStep(tracker, description, unrecorded);
        }
        else if (outcome == OperationOutcome.Abandoned && summary.FailedSteps == 0 && summary.PendingSteps == 0)
        {
            FailNewStep(tracker, ChatStatusMessages.OperationFailed("it ended without success"), error: null);
        }
    }

    private static void FailNewStep(ChatStatusTracker tracker, string description, Exception? error)
    {
        int step;
        try
        {
            step = tracker.ReserveStep();
        }
        catch (InvalidOperationException)
        {
            // Step int.MaxValue was used: no number is left for it.
            return;
        }

        LifecycleReports.TryFail(tracker, step, description, error);
    }
}
