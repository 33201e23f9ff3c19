using System.Text.Json.Serialization;

namespace Rx.StatusTracking;

/// <summary>How far an operation has got, as of one status (see <see cref="StatusOperators.Progress"/>).</summary>
public sealed record ProgressSnapshot
{
    /// <summary>Steps whose latest state is <see cref="StatusState.Pending"/>.</summary>
    public required int Pending { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Executing"/>.</summary>
    public required int Executing { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.AwaitingInput"/>: active, not done (0 is left out of the JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int AwaitingInput { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Completed"/>.</summary>
    public required int Completed { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Failed"/>.</summary>
    public required int Failed { get; init; }

    /// <summary>Distinct steps seen so far.</summary>
    public int TotalSteps => Pending + Executing + AwaitingInput + Completed + Failed;

    /// <summary>The number of steps the operation is expected to have, when it was given.</summary>
    public int? ExpectedSteps { get; init; }

    /// <summary>
    /// The steps done out of <see cref="ExpectedSteps"/> when given, otherwise out of <see cref="TotalSteps"/>, in [0, 100];
    /// never NaN, never above 100, 0 before any step. A finished (completed or failed) step counts 1; an executing step
    /// whose latest status carries <see cref="ChatStatus.Progress"/> counts that fraction; any other step with children
    /// (<see cref="ChatStatus.ParentStep"/>) counts the mean of its children's fractions, each figured the same way; any
    /// other step counts 0.
    /// </summary>
    public required double Percent { get; init; }

    /// <summary>Completed / finished steps in [0, 1]; 0 before any step finished.</summary>
    public double SuccessRate => Completed + Failed == 0 ? 0 : (double)Completed / (Completed + Failed);

    /// <summary>Failed / finished steps in [0, 1]; 0 before any step finished.</summary>
    public double FailureRate => Completed + Failed == 0 ? 0 : (double)Failed / (Completed + Failed);

    /// <summary>From the first status to this one.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The mean duration of finished steps times the steps still expected; <see langword="null"/> without
    /// <see cref="ExpectedSteps"/> or before any step finished.
    /// </summary>
    public TimeSpan? EstimatedRemaining { get; init; }
}
