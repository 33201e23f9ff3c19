using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>Figures of a tracked operation: counts per latest state, rates, duration, steps and failures.</summary>
/// <remarks>Two summaries are equal when every figure is equal and their <see cref="Steps"/> and <see cref="Failures"/> are equal in order.</remarks>
public sealed record ExecutionSummary
{
    /// <summary>The summary of a tracker that has recorded nothing.</summary>
    public static ExecutionSummary Empty { get; } = new()
    {
        TotalSteps = 0,
        CompletedSteps = 0,
        FailedSteps = 0,
        PendingSteps = 0,
        ExecutingSteps = 0,
        AwaitingInputSteps = 0,
        Duration = TimeSpan.Zero,
        Steps = [],
        Failures = [],
    };

    /// <summary>How many distinct steps have reported.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Completed"/>.</summary>
    public required int CompletedSteps { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Failed"/> (a failure later retried successfully is not counted here).</summary>
    public required int FailedSteps { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Pending"/>.</summary>
    public required int PendingSteps { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.Executing"/>.</summary>
    public required int ExecutingSteps { get; init; }

    /// <summary>Steps whose latest state is <see cref="StatusState.AwaitingInput"/> (0 is left out of the JSON, as before the state existed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int AwaitingInputSteps { get; init; }

    /// <summary>Completed / (completed + failed) steps, in [0, 1]; 0 when no step has finished.</summary>
    public double SuccessRate => Finished == 0 ? 0 : (double)CompletedSteps / Finished;

    /// <summary>Failed / (completed + failed) steps, in [0, 1]; 0 when no step has finished.</summary>
    public double FailureRate => Finished == 0 ? 0 : (double)FailedSteps / Finished;

    /// <summary>From the first status to the last one, or to <see cref="ChatStatusTracker.Complete()"/> when it was called.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Every step, ordered by step number.</summary>
    public required IReadOnlyList<StepSummary> Steps { get; init; }

    /// <summary>
    /// The <see cref="StatusState.Failed"/> statuses in sequence order, including failures later retried successfully: the
    /// newest of them, as many as the summary's source keeps (a tracker's <see cref="StatusTrackerOptions.HistoryLimit"/>,
    /// the <c>failureLimit</c> of the <c>Summarize</c> and <c>RunningSummary</c> operators). Older ones are dropped first (a
    /// tracker reports <see cref="StatusTrackingErrorKind.FailuresTrimmed"/>); <see cref="FailedSteps"/> still counts every
    /// failed step.
    /// </summary>
    public required IReadOnlyList<ChatStatus> Failures { get; init; }

    private int Finished => CompletedSteps + FailedSteps;

    /// <summary>Compares every figure, and <see cref="Steps"/> and <see cref="Failures"/> element by element.</summary>
    /// <param name="other">The summary to compare with.</param>
    /// <returns><see langword="true"/> when the summaries are equal.</returns>
    public bool Equals([NotNullWhen(true)] ExecutionSummary? other) =>
        other is not null
        && TotalSteps == other.TotalSteps
        && CompletedSteps == other.CompletedSteps
        && FailedSteps == other.FailedSteps
        && PendingSteps == other.PendingSteps
        && ExecutingSteps == other.ExecutingSteps
        && AwaitingInputSteps == other.AwaitingInputSteps
        && Duration == other.Duration
        && Steps.SequenceEqual(other.Steps)
        && Failures.SequenceEqual(other.Failures);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(TotalSteps, CompletedSteps, FailedSteps, PendingSteps, ExecutingSteps, AwaitingInputSteps, Duration);

    /// <summary>
    /// A readable multi-line report: totals, one line per step, then the failures. Steps are listed in step order, each
    /// child (<see cref="StepSummary.ParentStep"/>) right under its parent and indented two more spaces; a step whose
    /// parent is not in <see cref="Steps"/> is listed as top-level. Steps waiting for input are counted in the totals only
    /// when there are some, so reports of operations without any read as before.
    /// </summary>
    /// <returns>The report, formatted with the invariant culture.</returns>
    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(culture, $"{TotalSteps} {Plural(TotalSteps, "step")} in {FormatDuration(Duration)}: ")
            .Append(culture, $"{CompletedSteps} completed, {FailedSteps} failed, {ExecutingSteps} executing, ");
        if (AwaitingInputSteps > 0)
        {
            text.Append(culture, $"{AwaitingInputSteps} awaiting input, ");
        }

        text.Append(culture, $"{PendingSteps} pending (success rate {SuccessRate * 100:0.#}%)").AppendLine();

        foreach (var (step, depth) in StepTree.InTreeOrder(Steps))
        {
            text.Append(' ', 2 + (2 * depth)).Append(culture, $"#{step.Step} {step.State,-9} {step.Description}");
            if (step.Duration is { } duration)
            {
                text.Append(culture, $" ({FormatDuration(duration)}, {step.Attempts} {Plural(step.Attempts, "attempt")})");
            }

            text.AppendLine();
        }

        if (Failures.Count > 0)
        {
            text.Append(culture, $"{Failures.Count} {Plural(Failures.Count, "failure")}:").AppendLine();
            foreach (var failure in Failures)
            {
                text.Append(culture, $"  #{failure.Step} {failure.Description}");
                if (failure.Error is { } error)
                {
                    text.Append(culture, $" [{error}]");
                }

                text.AppendLine();
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture)
            : duration.TotalMilliseconds.ToString("0.# 'ms'", CultureInfo.InvariantCulture);
}
