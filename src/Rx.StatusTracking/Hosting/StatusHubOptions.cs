using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>Settings of a <see cref="StatusHub"/>, validated when the hub is constructed.</summary>
public sealed class StatusHubOptions
{
    /// <summary>The default <see cref="CompletedRetention"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultCompletedRetention = TimeSpan.FromMinutes(5);

    /// <summary>The default <see cref="MaxOperations"/>.</summary>
    public const int DefaultMaxOperations = 1_000;

    /// <summary>The least <see cref="MaxRetainedBytes"/> accepted: 1 MiB.</summary>
    public const long MinRetainedBytes = 1 << 20;

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

    /// <summary>
    /// A memory budget for what the hub's trackers retain, in estimated bytes (at least <see cref="MinRetainedBytes"/>), or
    /// <see langword="null"/> (the default) for none. Over it, the hub sheds in this order until it retains at most 90% of
    /// it: the histories of completed operations, oldest completion first (their summaries, failures and completion are
    /// kept); then the histories of running operations, down to each step's latest status and every ending (a reset is never
    /// in a history); and when that is not enough, new operations are refused with <see cref="StatusHubFullException"/>
    /// until the hub is within budget again. Each stage is reported once per episode on <see cref="StatusHub.Errors"/>
    /// (<see cref="StatusTrackingErrorKind.RetentionShed"/>); an episode ends after a minute (hub time) in which the hub was never over budget.
    /// </summary>
    /// <remarks>
    /// The estimate (<see cref="StatusHub.RetainedBytes"/>) counts every status in a history or failure list at twice its JSON
    /// length (as the transports write it, at most <see cref="StatusJson.MaxInputBytes"/>) plus a fixed cost, and a fixed
    /// cost per operation. Weighing serializes each status's payload once when it is recorded: a cost only hubs with a
    /// budget pay. Statuses dropped by shedding count in <see cref="ChatStatusTracker.DroppedFromHistory"/>, as trims do.
    /// </remarks>
    public long? MaxRetainedBytes { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scheduler, nameof(Scheduler));
        ArgumentOutOfRangeException.ThrowIfLessThan(CompletedRetention, TimeSpan.Zero, nameof(CompletedRetention));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperations, 1, nameof(MaxOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperationIdLength, 1, nameof(MaxOperationIdLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxOperationIdLength, OperationIdRule.MaxLengthLimit, nameof(MaxOperationIdLength));
        if (MaxRetainedBytes is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(budget, MinRetainedBytes, nameof(MaxRetainedBytes));
        }

        // HistoryLimit and Validation are each tracker's: the tracker options check them, under the same names.
        TrackerOptions().Validate();
    }

    internal StatusTrackerOptions TrackerOptions(RetainedTotals? hubTotals = null) =>
        new() { Scheduler = Scheduler, HistoryLimit = HistoryLimit, Validation = Validation, HubTotals = hubTotals };
}
