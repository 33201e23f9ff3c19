using System.Reactive.Concurrency;

namespace Rx.StatusTracking;

/// <summary>Settings of a <see cref="ChatStatusTracker"/>, validated when the tracker is constructed.</summary>
/// <remarks>The tracker copies the values; changing the options afterwards does not affect it.</remarks>
public sealed class StatusTrackerOptions
{
    /// <summary>The default <see cref="HistoryLimit"/>.</summary>
    public const int DefaultHistoryLimit = 1_000;

    /// <summary>The default <see cref="MaxDescriptionLength"/>.</summary>
    public const int DefaultMaxDescriptionLength = 4_096;

    /// <summary>The highest <see cref="MaxDescriptionLength"/>: 65,536 characters, so a status always fits the wire (<see cref="StatusJson.MaxInputBytes"/>).</summary>
    public const int MaxDescriptionLengthLimit = 65_536;

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
    public StatusValidation Validation { get; set; } = StatusValidation.Lenient;

    /// <summary>
    /// The longest description accepted (16 to <see cref="MaxDescriptionLengthLimit"/>, default 4,096 characters):
    /// strict trackers throw beyond it, lenient ones cut it and end it with "…".
    /// </summary>
    public int MaxDescriptionLength { get; set; } = DefaultMaxDescriptionLength;

    internal void Validate()
    {
        if (Scheduler is null)
        {
            throw new ArgumentNullException(nameof(Scheduler), "StatusTrackerOptions.Scheduler must not be null.");
        }

        if (HistoryLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLimit), HistoryLimit, "StatusTrackerOptions.HistoryLimit must be 1 or more.");
        }

        if (!Enum.IsDefined(Validation))
        {
            throw new ArgumentOutOfRangeException(nameof(Validation), Validation, "StatusTrackerOptions.Validation is not a defined StatusValidation value.");
        }

        if (MaxDescriptionLength is < 16 or > MaxDescriptionLengthLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDescriptionLength), MaxDescriptionLength, $"StatusTrackerOptions.MaxDescriptionLength must be from 16 to {MaxDescriptionLengthLimit}.");
        }
    }
}
