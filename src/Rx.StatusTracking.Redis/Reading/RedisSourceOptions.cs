namespace Rx.StatusTracking.Redis;

/// <summary>Settings of a <see cref="RedisStatusSource"/>.</summary>
public sealed class RedisSourceOptions
{
    /// <summary>The key prefix the publisher uses (<see cref="RedisPublisherOptions.KeyPrefix"/>).</summary>
    public string KeyPrefix { get; set; } = "rxstatus";

    /// <summary>
    /// How often a reader looks at its stream when no notification came: the safety net for a notification lost
    /// (pub/sub is fire-and-forget) or a publisher that does not send them. Notifications are the fast path.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many entries one <c>XRANGE</c> reads at most.</summary>
    public int ReadBatchSize { get; set; } = 256;

    /// <summary>The first retry delay after a failed read; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a mirror looks at the operations index when no notification came.</summary>
    public TimeSpan MirrorPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(KeyPrefix, nameof(KeyPrefix));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBatchSize, 1, nameof(ReadBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MirrorPollInterval, TimeSpan.Zero, nameof(MirrorPollInterval));
    }
}
