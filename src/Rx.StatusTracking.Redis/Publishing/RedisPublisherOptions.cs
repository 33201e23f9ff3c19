using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis;

/// <summary>Settings of a <see cref="RedisStatusPublisher"/>.</summary>
public sealed class RedisPublisherOptions
{
    /// <summary>The default <see cref="KeyPrefix"/> of publishers and readers (<see cref="RedisSourceOptions.KeyPrefix"/>).</summary>
    public const string DefaultKeyPrefix = "rxstatus";

    /// <summary>
    /// The key prefix: streams are <c>{prefix}:{operationId}</c>, the index is <c>{prefix}</c>. Readers must use the same.
    /// Not blank, and without control characters.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Each stream is trimmed to about this many entries (<c>XADD … MAXLEN ~</c>); readers that fall further behind see a gap.</summary>
    public int MaxStreamLength { get; set; } = 10_000;

    /// <summary>How long a completed operation's stream stays in Redis.</summary>
    public TimeSpan CompletedExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many items may wait to be written. Past it, each new item pushes out the oldest waiting non-terminal status
    /// that a newer status of its step has superseded. Terminal statuses, reset markers and each step's newest status
    /// are never conflated; if nothing superseded is left they still go in, up to twice this number. Beyond that,
    /// non-terminal statuses are dropped (and reported); endings, reset markers and completions still go in, so the
    /// outbox may pass twice this number by about one item per operation step that ends while Redis is down.
    /// </summary>
    public int MaxOutbox { get; set; } = 10_000;

    /// <summary>
    /// How many statuses the writer takes from the outbox at once at most. They go out pipelined, in script calls of at
    /// most 256 entries each, so Redis never runs one script for long. What the writer has taken (with Redis, waiting for
    /// a retry, or queued behind an operation's earlier write) is bounded by <see cref="MaxOutbox"/>: past it, the writer
    /// takes nothing more and the outbox conflates, so the most statuses held is about twice <see cref="MaxOutbox"/>.
    /// </summary>
    public int MaxBatchSize { get; set; } = 1_024;

    /// <summary>The default <see cref="RetryDelay"/> of publishers and readers (<see cref="RedisSourceOptions.RetryDelay"/>): 100 ms.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The default <see cref="MaxRetryDelay"/> of publishers and readers (<see cref="RedisSourceOptions.MaxRetryDelay"/>): 5 s.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>The first retry delay after a failed write; it doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>How long disposing waits for the outbox to drain before it gives up on what is left.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The clock: every retry delay, the dispose timeout, the completed operations' expiry in the index and the timestamp
    /// of every report are measured with it. <see cref="TimeProvider.System"/> by default; a fake one (such as
    /// <c>FakeTimeProvider</c>) lets tests run backoff and expiry in virtual time. Redis expires a completed stream on its
    /// own clock (<c>EXPIRE</c>), after <see cref="CompletedExpiry"/> of real time.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The default <see cref="CompressAbove"/>: 4,096 bytes.</summary>
    public const int DefaultCompressAbove = 4_096;

    /// <summary>
    /// Entries whose status JSON is longer than this many bytes are stored compressed with <see cref="Compression"/>, in
    /// the codec's own field (<c>status.br</c> or <c>status.gz</c>) instead of <c>status</c>, when that makes them smaller;
    /// smaller entries stay plain JSON, readable in <c>redis-cli</c>. <see langword="null"/> turns compression off (every
    /// entry plain, as before compression existed: what readers older than it need). At least 0;
    /// <see cref="DefaultCompressAbove"/> by default. Every <see cref="RedisStatusSource"/> inflates compressed entries
    /// itself; an older one skips them and reports each as <see cref="RedisStatusErrorKind.MalformedEntry"/>, so upgrade
    /// readers before publishers.
    /// </summary>
    public int? CompressAbove { get; set; } = DefaultCompressAbove;

    /// <summary>The codec of compressed entries (see <see cref="CompressAbove"/>); <see cref="RedisCompression.Brotli"/> by default.</summary>
    public RedisCompression Compression { get; set; } = RedisCompression.Brotli;

    /// <summary>
    /// The StackExchange.Redis configuration string (such as <c>localhost:6379</c> or <c>redis0:6379,password=…</c>) that
    /// <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusPublisher"/> connects with when the service provider
    /// holds no <see cref="StackExchange.Redis.IConnectionMultiplexer"/>; <see langword="null"/> by default. The hosted
    /// publisher and mirror given the same string share one connection, made at start and disposed with the service provider.
    /// Unless the string sets <c>abortConnect</c>, a Redis that is down at start does not stop the host: the connection keeps
    /// trying and the publisher writes once Redis answers. The <see cref="RedisStatusPublisher"/> constructor takes its
    /// connection as an argument and does not read this.
    /// </summary>
    public string? ConnectionString { get; set; }

    internal void Validate()
    {
        RedisNames.ValidatePrefix(KeyPrefix, nameof(RedisPublisherOptions), nameof(KeyPrefix));
        RedisConnectionString.Validate(ConnectionString, nameof(RedisPublisherOptions), nameof(ConnectionString));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStreamLength, 1, nameof(MaxStreamLength));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CompletedExpiry, TimeSpan.Zero, nameof(CompletedExpiry));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutbox, 1, nameof(MaxOutbox));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(DisposeTimeout, TimeSpan.Zero, nameof(DisposeTimeout));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (CompressAbove is { } above)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(above, nameof(CompressAbove));
        }

        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, $"{nameof(RedisPublisherOptions)}.{nameof(Compression)} must be {nameof(RedisCompression.Brotli)} or {nameof(RedisCompression.GZip)}.");
        }
    }
}
