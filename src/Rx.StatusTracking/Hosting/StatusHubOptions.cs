using System.Reactive.Concurrency;

namespace Rx.StatusTracking;

/// <summary>Settings of a <see cref="StatusHub"/>, validated when the hub is constructed.</summary>
public sealed class StatusHubOptions
{
    /// <summary>The clock of the hub's trackers and of eviction (a <c>TestScheduler</c> in tests).</summary>
    public IScheduler Scheduler { get; set; } = System.Reactive.Concurrency.Scheduler.Default;

    /// <summary>How long a completed operation stays readable before it is evicted (zero or more; default 5 minutes).</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most operations held at once (1 or more; default 1,000). When full, a new operation evicts the
    /// operation that completed first; when none has completed, it is refused with <see cref="StatusHubFullException"/>.
    /// </summary>
    public int MaxOperations { get; set; } = 1_000;

    /// <summary>
    /// The longest operation id accepted (1 to <see cref="OperationIdRule.MaxLengthLimit"/>; default
    /// <see cref="OperationIdRule.DefaultMaxLength"/>). The characters allowed are those of <see cref="OperationIdRule"/>.
    /// </summary>
    public int MaxOperationIdLength { get; set; } = OperationIdRule.DefaultMaxLength;

    /// <summary>The history limit of each operation's tracker (see <see cref="StatusTrackerOptions.HistoryLimit"/>).</summary>
    public int HistoryLimit { get; set; } = StatusTrackerOptions.DefaultHistoryLimit;

    /// <summary>The validation mode of each operation's tracker.</summary>
    public StatusValidation Validation { get; set; } = StatusValidation.Lenient;

    internal void Validate()
    {
        if (Scheduler is null)
        {
            throw new ArgumentNullException(nameof(Scheduler), "StatusHubOptions.Scheduler must not be null.");
        }

        if (CompletedRetention < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CompletedRetention), CompletedRetention, "StatusHubOptions.CompletedRetention must not be negative.");
        }

        if (MaxOperations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOperations), MaxOperations, "StatusHubOptions.MaxOperations must be 1 or more.");
        }

        if (MaxOperationIdLength is < 1 or > OperationIdRule.MaxLengthLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOperationIdLength), MaxOperationIdLength, $"StatusHubOptions.MaxOperationIdLength must be from 1 to {OperationIdRule.MaxLengthLimit}.");
        }

        // The tracker options check the rest.
        TrackerOptions().Validate();
    }

    internal StatusTrackerOptions TrackerOptions() => new() { Scheduler = Scheduler, HistoryLimit = HistoryLimit, Validation = Validation };
}
