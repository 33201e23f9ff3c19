namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// Ends a run's operation so that no step is left running in the client's activity. A run that threw or was cancelled
/// ends as the library's lifecycle helpers end one (<see cref="StatusOperation.Fail(Exception, CancellationToken)"/> then dispose): open steps end
/// Failed with the sentence that says why, and the failure gets a step of its own when no step was running, unless a step
/// already failed with it (the tracked model call that threw it). A run that
/// succeeded ends its running steps "did not finish" and its pending ones "did not run" (the run ended first), and keeps
/// its steps awaiting input (they are the run's interrupt) with the steps they run under (an agent waiting on its tool's
/// approval has not failed: it goes on when the answer comes), and its client-tool calls (the client runs them). Then
/// the tracker completes. Never throws.
/// </summary>
/// <remarks>
/// An <see cref="OperationCanceledException"/> that is not the run's own cancellation (an <c>HttpClient</c> timeout) is a
/// failure for the operation as for the client (<c>RUN_ERROR</c>): its open steps end "Step N failed: …".
/// </remarks>
internal static class RunEnding
{
    /// <summary>Why a step that succeeded runs had left unfinished stopped: the run ended before it.</summary>
    public const string EndedFirst = "the run ended first";

    /// <summary>Ends the run's operation as <paramref name="failure"/> says (<see langword="null"/>: a success).</summary>
    /// <param name="operation">The run's operation.</param>
    /// <param name="failure">What ended the run: its exception (an <see cref="OperationCanceledException"/> when cancelled), or <see langword="null"/>.</param>
    /// <param name="runToken">The run's own token: an <see cref="OperationCanceledException"/> is a cancellation only while it is cancelled.</param>
    /// <param name="keep">Whether a step is left as it is on a success (a client-tool call).</param>
    public static void End(StatusOperation operation, Exception? failure, CancellationToken runToken, Func<int, bool> keep)
    {
        if (failure is not null)
        {
            // An exception already on a step (the tracked model call that threw it) is not recorded a second time.
            operation.Fail(failure, runToken);
        }
        else
        {
            EndUnfinished(operation.Tracker, keep);

            // Completed here, so that disposing (which on its own would end the steps awaiting input) has nothing left to do.
            operation.Tracker.Complete();
        }

        operation.Dispose();
    }

    private static void EndUnfinished(ChatStatusTracker tracker, Func<int, bool> keep)
    {
        // A tracker the run completed itself records nothing more.
        if (tracker.IsCompleted)
        {
            return;
        }

        var steps = tracker.GetSummary().Steps;
        var waitedOn = WaitingAndTheirAncestors(steps);
        foreach (var step in steps)
        {
            var description = step.State switch
            {
                StatusState.Pending => ChatStatusMessages.StepNotRun(step.Step, EndedFirst),
                StatusState.Executing => ChatStatusMessages.StepNotFinished(step.Step, EndedFirst),
                _ => null,
            };
            if (description is null || keep(step.Step) || waitedOn.Contains(step.Step))
            {
                continue;
            }

            try
            {
                tracker.Failed(step.Step, description);
            }
            catch (InvalidOperationException)
            {
                // A strict tracker refused: the step ended (or the tracker completed) meanwhile; nothing is left to end.
            }
        }
    }

    // The steps awaiting input and every step above them: the interrupt's answer lets them go on in the next run.
    private static HashSet<int> WaitingAndTheirAncestors(IReadOnlyList<StepSummary> steps)
    {
        var parents = steps.Where(s => s.ParentStep is not null).ToDictionary(s => s.Step, s => s.ParentStep!.Value);
        var kept = new HashSet<int>();
        foreach (var waiting in steps.Where(s => s.State == StatusState.AwaitingInput))
        {
            // Add returns false on a step already kept (so a cycle in a mirrored tracker's parents ends the walk too).
            for (int? step = waiting.Step; step is { } current && kept.Add(current); step = parents.TryGetValue(current, out var parent) ? parent : null)
            {
            }
        }

        return kept;
    }
}
