using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis;

/// <summary>Settings of a <see cref="RedisStatusSource"/>.</summary>
public sealed class RedisSourceOptions
{
    /// <summary>The key prefix the publisher uses (<see cref="RedisPublisherOptions.KeyPrefix"/>); <see cref="RedisPublisherOptions.DefaultKeyPrefix"/> by default.</summary>
    public string KeyPrefix { get; set; } = RedisPublisherOptions.DefaultKeyPrefix;

    /// <summary>
    /// How often every reader looks at its stream again, whatever notifications came: the safety net for a notification
    /// lost (pub/sub is fire-and-forget) or a publisher that does not send them. Notifications are the fast path. One
    /// timer of the source wakes all its readers, however many operations it follows, a slice of them at a time (up to
    /// eight slices, ticks at least 50 ms apart), so a mirror of thousands of quiet operations does not read them all at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many entries one <c>XRANGE</c> reads at most.</summary>
    public int ReadBatchSize { get; set; } = 256;

    /// <summary>
    /// The first retry delay after a failed read; it doubles per attempt up to <see cref="MaxRetryDelay"/>. Past this first
    /// delay, a notification (a publisher's write went through, so Redis answers again) ends the wait: a reader is back
    /// within this delay of the first write after an outage, and never retries more often than once per this delay. The
    /// slow poll (<see cref="PollInterval"/>) passes a reader that is backing off by.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = RedisPublisherOptions.DefaultRetryDelay;

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = RedisPublisherOptions.DefaultMaxRetryDelay;

    /// <summary>How often a mirror looks at the operations index when no notification came.</summary>
    public TimeSpan MirrorPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The clock: the polls (<see cref="PollInterval"/>, <see cref="MirrorPollInterval"/>), every retry delay, which
    /// completed operations have expired from the index, and the timestamp of every report are measured with it.
    /// <see cref="TimeProvider.System"/> by default; a fake one (such as <c>FakeTimeProvider</c>) lets tests run polling,
    /// backoff and expiry in virtual time.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The StackExchange.Redis configuration string that <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusMirror"/>
    /// connects with when the service provider holds no <see cref="StackExchange.Redis.IConnectionMultiplexer"/>, as
    /// <see cref="RedisPublisherOptions.ConnectionString"/> describes; <see langword="null"/> by default. The
    /// <see cref="RedisStatusSource"/> constructor takes its connection as an argument and does not read this.
    /// </summary>
    public string? ConnectionString { get; set; }

    internal void Validate()
    {
        RedisNames.ValidatePrefix(KeyPrefix, nameof(RedisSourceOptions), nameof(KeyPrefix));
        RedisConnectionString.Validate(ConnectionString, nameof(RedisSourceOptions), nameof(ConnectionString));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadBatchSize, 1, nameof(ReadBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MirrorPollInterval, TimeSpan.Zero, nameof(MirrorPollInterval));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
