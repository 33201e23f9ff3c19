namespace Rx.StatusTracking.Internal;

/// <summary>The reports of one step run by a step helper: Executing before, then Completed or Failed.</summary>
internal readonly struct StepRun(ChatStatusTracker tracker, int step, string? completedDescription)
{
    /// <summary>Reports Executing (a strict tracker's refusal throws here, before the work runs).</summary>
    public void Start(string description) => tracker.Executing(step, description);

    /// <summary>Reports Completed (a strict tracker's refusal throws here, after the work succeeded).</summary>
    public void Complete() => tracker.Completed(step, completedDescription ?? ChatStatusMessages.ForState(step, StatusState.Completed));

    /// <summary>Records the work's exception on the step, never throwing (the caller rethrows it).</summary>
    public void Fail(Exception error, CancellationToken cancellationToken)
    {
        var description = LifecycleReports.IsCancellation(error, cancellationToken)
            ? ChatStatusMessages.StepCancelled(step)
            : ChatStatusMessages.StepFailed(step, error.Message);
        LifecycleReports.TryFail(tracker, step, description, error);
    }
}
