using System.Reactive.Concurrency;

namespace Rx.StatusTracking;

/// <summary>Settings of a <see cref="StatusHub"/>, validated when the hub is constructed.</summary>
public sealed class StatusHubOptions
{
    /// <summary>The default <see cref="CompletedRetention"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultCompletedRetention = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="MaxOperations"/>.</summary>
    public const int DefaultMaxOperations = 1_000;

    /// <summary>The clock of the hub's trackers and of eviction (a <c>TestScheduler</c> in tests).</summary>
    public IScheduler Scheduler { get; set; } = System.Reactive.Concurrency.Scheduler.Default;

    /// <summary>How long a completed operation stays readable before it is evicted (zero or more; default 5 minutes).</summary>
    public TimeSpan CompletedRetention { get; set; } = DefaultCompletedRetention;

    /// <summary>
    /// The most operations held at once (1 or more; default 1,000). When full, a new operation evicts the
    /// operation that completed first; when none has completed, it is refused with <see cref="StatusHubFullException"/>.
    /// </summary>
    public int MaxOperations { get; set; } = DefaultMaxOperations;

    /// <summary>
    /// The longest operation id accepted (1 to <see cref="OperationIdRule.MaxLengthLimit"/>; default
    /// <see cref="OperationIdRule.DefaultMaxLength"/>). The characters allowed are those of <see cref="OperationIdRule"/>.
    /// </summary>
    public int MaxOperationIdLength { get; set; } = OperationIdRule.DefaultMaxLength;

    /// <summary>The history limit of each operation's tracker (see <see cref="StatusTrackerOptions.HistoryLimit"/>).</summary>
    public int HistoryLimit { get; set; } = StatusTrackerOptions.DefaultHistoryLimit;

    /// <summary>The validation mode of each operation's tracker (see <see cref="StatusTrackerOptions.Validation"/>).</summary>
    public StatusValidation Validation { get; set; } = StatusTrackerOptions.DefaultValidation;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scheduler, nameof(Scheduler));
        ArgumentOutOfRangeException.ThrowIfLessThan(CompletedRetention, TimeSpan.Zero, nameof(CompletedRetention));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperations, 1, nameof(MaxOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperationIdLength, 1, nameof(MaxOperationIdLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxOperationIdLength, OperationIdRule.MaxLengthLimit, nameof(MaxOperationIdLength));

        // HistoryLimit and Validation are each tracker's: the tracker options check them, under the same names.
        TrackerOptions().Validate();
    }

    internal StatusTrackerOptions TrackerOptions() => new() { Scheduler = Scheduler, HistoryLimit = HistoryLimit, Validation = Validation };
}
