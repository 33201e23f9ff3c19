namespace Rx.StatusTracking;

/// <summary>Every failure so far, aggregated (see <see cref="StatusOperators.AggregateFailures"/>).</summary>
public sealed record FailureReport
{
    /// <summary>The report before any failure.</summary>
    public static FailureReport Empty { get; } = new() { TotalFailures = 0, DistinctFailingSteps = 0, StepsStillFailing = [], Groups = [] };

    /// <summary>How many <see cref="StatusState.Failed"/> statuses were seen (retries that failed again count again).</summary>
    public required int TotalFailures { get; init; }

    /// <summary>How many distinct steps failed at least once.</summary>
    public required int DistinctFailingSteps { get; init; }

    /// <summary>The steps whose latest state is <see cref="StatusState.Failed"/>, in step order.</summary>
    public required IReadOnlyList<int> StepsStillFailing { get; init; }

    /// <summary>Failures grouped by <see cref="FailureGroup.Key"/>, largest group first, then by key.</summary>
    public required IReadOnlyList<FailureGroup> Groups { get; init; }
}
