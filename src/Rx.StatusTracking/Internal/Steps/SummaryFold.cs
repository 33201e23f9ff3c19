namespace Rx.StatusTracking.Internal;

/// <summary>
/// The steps and the newest failures of any status stream, for the views that summarize one (the <c>Summarize</c>
/// operator, <see cref="StatusViewModel"/>): a reset marker clears both, a status no tracker would record is skipped.
/// Not thread-safe: its owner synchronizes.
/// </summary>
internal sealed class SummaryFold(int failureLimit)
{
    private readonly FailureLog _failures = new(failureLimit);

    public StepTable Steps { get; } = new();

    public void Apply(ChatStatus status)
    {
        if (Steps.ApplyOrReset(status))
        {
            _failures.RecordIfFailed(status);
        }
        else if (status.IsReset)
        {
            _failures.Clear();
        }
    }

    /// <summary>The summary; <paramref name="endedAt"/> (a completion time) overrides the last status's time.</summary>
    public ExecutionSummary ToSummary(DateTimeOffset? endedAt) => Steps.ToSummary(endedAt, _failures.ToArray());
}
