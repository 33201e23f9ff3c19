namespace Rx.StatusTracking.Internal;

/// <summary>
/// What a hub's trackers retain, summed across them: under a memory budget (<see cref="StatusHubOptions.MaxRetainedBytes"/>),
/// the estimated bytes of their histories and failures; and how many statuses their histories dropped. Each tracker's
/// journal adds its own changes (thread-safe); the hub reads the sums for its budget and gauges.
/// </summary>
internal sealed class RetainedTotals(long? maxBytes)
{
    /// <summary>What one retained status costs besides its JSON: the record and its slots in the history and step table.</summary>
    public const int PerStatusBytes = 160;

    /// <summary>
    /// What an operation costs besides its statuses: its tracker, delivery queue, step table and the hub's entry and
    /// eviction (measured: about 1.8 KB for an empty one, 3.6 KB for a completed one-step one under a budget).
    /// </summary>
    public const int PerOperationBytes = 4_096;

    private long _bytes;
    private long _historyDropped;

    /// <summary>The budget, or <see langword="null"/> when the hub has none (then nothing is weighed).</summary>
    public long? MaxBytes => maxBytes;

    /// <summary>Whether statuses are weighed (<see cref="Estimate"/>): only under a budget, since weighing costs a serialization.</summary>
    public bool Weighs => maxBytes is not null;

    /// <summary>The estimated bytes retained (0 when nothing is weighed).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Statuses dropped from the hub's trackers' histories, because they were full or shed to the budget, in all.</summary>
    public long HistoryDropped => Interlocked.Read(ref _historyDropped);

    public bool IsOverBudget => maxBytes is { } max && Bytes > max;

    /// <summary>Called (by the tracker that just recorded, outside its lock) when <see cref="IsOverBudget"/>.</summary>
    public Action? OverBudget { get; set; }

    /// <summary>
    /// A status's weight: about what it holds in memory, estimated as twice its JSON length (a .NET string holds two
    /// bytes a character; an object graph takes more room than its JSON) plus <see cref="PerStatusBytes"/>.
    /// </summary>
    /// <remarks>Runs the payload's serialization, i.e. user code: call it outside every lock.</remarks>
    public static long Estimate(ChatStatus status) => PerStatusBytes + (2L * StatusJson.EncodedLength(status));

    public void AddBytes(long bytes)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }
    }

    /// <summary>Counts a new operation's fixed cost (under a budget).</summary>
    public void OperationAdded()
    {
        if (Weighs)
        {
            AddBytes(PerOperationBytes);
        }
    }

    /// <summary>Takes a retired operation's fixed cost off (its tracker took off what it retained when disposed).</summary>
    public void OperationRetired()
    {
        if (Weighs)
        {
            AddBytes(-PerOperationBytes);
        }
    }

    public void CountHistoryDropped(long count) => Interlocked.Add(ref _historyDropped, count);

    /// <summary>Tells the hub when over budget; the reporting tracker calls it after releasing its lock.</summary>
    public void CheckBudget()
    {
        if (IsOverBudget)
        {
            OverBudget?.Invoke();
        }
    }
}
