namespace Rx.StatusTracking.Redis;

/// <summary>Settings of a <see cref="RedisStatusPublisher"/>.</summary>
public sealed class RedisPublisherOptions
{
    /// <summary>The key prefix: streams are <c>{prefix}:{operationId}</c>, the index is <c>{prefix}</c>. Readers must use the same.</summary>
    public string KeyPrefix { get; set; } = "rxstatus";

    /// <summary>Each stream is trimmed to about this many entries (<c>XADD … MAXLEN ~</c>); readers that fall further behind see a gap.</summary>
    public int MaxStreamLength { get; set; } = 10_000;

    /// <summary>How long a completed operation's stream stays in Redis.</summary>
    public TimeSpan CompletedExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many items may wait to be written. Past it, each new item pushes out the oldest waiting non-terminal status
    /// that a newer status of its step has superseded. Terminal statuses, reset markers and each step's newest status
    /// are never conflated; if nothing superseded is left they still go in, up to twice this number, and only beyond
    /// that are statuses dropped (and reported).
    /// </summary>
    public int MaxOutbox { get; set; } = 10_000;

    /// <summary>
    /// How many statuses the writer takes from the outbox per round trip at most. They go out pipelined, in script calls
    /// of at most 256 entries each, so Redis never runs one script for long. While Redis is down the batch being retried
    /// waits outside the outbox, so the most statuses held is <see cref="MaxOutbox"/> plus this.
    /// </summary>
    public int MaxBatchSize { get; set; } = 1_024;

    /// <summary>The first retry delay after a failed write; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long disposing waits for the outbox to drain before it gives up on what is left.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(KeyPrefix, nameof(KeyPrefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStreamLength, 1, nameof(MaxStreamLength));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CompletedExpiry, TimeSpan.Zero, nameof(CompletedExpiry));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutbox, 1, nameof(MaxOutbox));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(DisposeTimeout, TimeSpan.Zero, nameof(DisposeTimeout));
    }
}
