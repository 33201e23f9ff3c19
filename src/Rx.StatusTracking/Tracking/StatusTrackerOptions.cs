using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>Settings of a <see cref="ChatStatusTracker"/>, validated when the tracker is constructed.</summary>
/// <remarks>The tracker copies the values; changing the options afterwards does not affect it.</remarks>
public sealed class StatusTrackerOptions
{
    /// <summary>The default <see cref="HistoryLimit"/>.</summary>
    public const int DefaultHistoryLimit = 1_000;

    /// <summary>The default <see cref="MaxDescriptionLength"/>.</summary>
    public const int DefaultMaxDescriptionLength = 4_096;

    /// <summary>The default <see cref="Validation"/>: <see cref="StatusValidation.Lenient"/>.</summary>
    public const StatusValidation DefaultValidation = StatusValidation.Lenient;

    /// <summary>The highest <see cref="MaxDescriptionLength"/>: 65,536 characters, so a status always fits the wire (<see cref="StatusJson.MaxInputBytes"/>).</summary>
    public const int MaxDescriptionLengthLimit = 65_536;

    // The lowest MaxDescriptionLength accepted.
    private const int LowestMaxDescriptionLength = 16;

    /// <summary>
    /// The clock of every timestamp (<see cref="IScheduler.Now"/>); <see cref="Scheduler.Default"/> by default,
    /// a <c>TestScheduler</c> in tests so durations are exact virtual times.
    /// </summary>
    public IScheduler Scheduler { get; set; } = System.Reactive.Concurrency.Scheduler.Default;

    /// <summary>
    /// How many statuses the history keeps (1 or more); the oldest are dropped first. The same limit
    /// bounds the retained failures. Default 1,000.
    /// </summary>
    public int HistoryLimit { get; set; } = DefaultHistoryLimit;

    /// <summary>Strict or lenient handling of bad input; <see cref="StatusValidation.Lenient"/> by default.</summary>
    public StatusValidation Validation { get; set; } = DefaultValidation;

    /// <summary>
    /// The longest description accepted (16 to <see cref="MaxDescriptionLengthLimit"/>, default 4,096 characters):
    /// strict trackers throw beyond it, lenient ones cut it and end it with "…".
    /// </summary>
    public int MaxDescriptionLength { get; set; } = DefaultMaxDescriptionLength;

    /// <summary>The totals of the hub that owns the tracker (its memory budget and gauges), if any.</summary>
    internal RetainedTotals? HubTotals { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scheduler, nameof(Scheduler));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryLimit, 1, nameof(HistoryLimit));
        if (!Enum.IsDefined(Validation))
        {
            throw new ArgumentOutOfRangeException(nameof(Validation), Validation, "StatusTrackerOptions.Validation is not a defined StatusValidation value.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDescriptionLength, LowestMaxDescriptionLength, nameof(MaxDescriptionLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDescriptionLength, MaxDescriptionLengthLimit, nameof(MaxDescriptionLength));
    }
}
