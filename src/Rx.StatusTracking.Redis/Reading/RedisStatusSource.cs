using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis;

/// <summary>
/// Reads operations a <see cref="RedisStatusPublisher"/> wrote: one operation as an <see cref="IObservable{T}"/>
/// (<see cref="Observe"/>), the ids of the operations Redis holds, or all of them mirrored into a <see cref="StatusHub"/>
/// (<see cref="MirrorTo"/>) so the web endpoints serve them on any server.
/// </summary>
/// <remarks>
/// StackExchange.Redis multiplexes one connection and cannot issue a blocking <c>XREAD</c> (its issue #1158), so a
/// reader follows a stream with <c>XRANGE</c> from the last entry it read, woken by the publisher's pub/sub
/// notification after each write, and by a slow poll (<see cref="RedisSourceOptions.PollInterval"/>) in case a
/// notification is lost.
/// </remarks>
public sealed class RedisStatusSource : IDisposable
{
    private readonly RedisSourceOptions _options;
    private readonly RedisLocation _location;
    private readonly ErrorReports _errors;
    private readonly OperationIndex _index;
    private readonly StreamFollower _streams;

    /// <summary>Creates a source.</summary>
    /// <param name="redis">The connection (shared; the source does not dispose it).</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public RedisStatusSource(IConnectionMultiplexer redis, RedisSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        options ??= new RedisSourceOptions();
        options.Validate();
        var names = new RedisNames(options.KeyPrefix);
        _options = options;
        _location = new RedisLocation(redis, options.KeyPrefix);
        _errors = new ErrorReports(options.TimeProvider);
        _index = new OperationIndex(redis, names, options.TimeProvider);
        _streams = new StreamFollower(redis, names, options, _errors);
    }

    /// <summary>
    /// Problems met and what was done about them: failed reads (retried), malformed entries (skipped), holes in a stream
    /// (<see cref="RedisStatusErrorKind.StatusesMissing"/>), operations that could not be mirrored. A report is queued where it is made (a reader, the mirror's discovery, or the thread that subscribes
    /// to <see cref="Observe"/>) and delivered from the thread pool, never inside the call that made it, so a slow or blocking
    /// subscriber holds up no reader and no caller. Delivered one at a time, in the order the reports were made, and never under a lock;
    /// a subscriber that throws does not keep a report from the others. Completes when the source is disposed, after the
    /// reports made until then.
    /// </summary>
    public IObservable<RedisStatusError> Errors => _errors;

    /// <summary>
    /// One operation's statuses: what its stream holds (after <paramref name="afterSequence"/>), then each new one as it
    /// is written, with no gap and no duplicate by <see cref="ChatStatus.Sequence"/>; completes at the completion
    /// marker. Cold: each subscription reads on its own.
    /// </summary>
    /// <remarks>
    /// While Redis is unreachable the reader retries with backoff and then resumes after the last sequence it
    /// delivered. A stream that does not exist (yet) is waited for: add a <c>Timeout</c> if an unknown id should
    /// end the wait. Entries that are not statuses are skipped and reported on <see cref="Errors"/>. The sequence never
    /// ends with <c>OnError</c> for a transport problem; it does for a programming error (a disposed connection).
    /// <para>
    /// Sequences may jump where the publisher declared it (an entry's <c>after</c> field: statuses it conflated, or a
    /// tracker it followed after that trimmed its history), in silence. Any other jump is a hole: statuses trimmed by
    /// <see cref="RedisPublisherOptions.MaxStreamLength"/> (a stream read from its start whose first status is not 1), or
    /// lost by Redis (a failover, a restart). Each hole is reported once on <see cref="Errors"/> as
    /// <see cref="RedisStatusErrorKind.StatusesMissing"/>, with the missing range in its message and its size in
    /// <see cref="RedisStatusError.Count"/>, before the status after it is delivered (or, for a hole right before the
    /// completion marker, before completing); the reader then goes on. An <c>after</c> that is not a whole number below
    /// the entry's sequence is ignored, as if absent. Entries repeating a sequence already read are skipped in silence.
    /// </para>
    /// </remarks>
    /// <param name="operationId">The operation's id, following the one id rule (<see cref="OperationIdRule"/>) up to <see cref="OperationIdRule.MaxLengthLimit"/> characters.</param>
    /// <param name="afterSequence">Deliver only statuses after this sequence (a resume point); from the start when null.</param>
    /// <returns>The operation's statuses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operationId"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule (the message says how).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterSequence"/> is negative.</exception>
    public IObservable<ChatStatus> Observe(string operationId, long? afterSequence = null)
    {
        OperationIdRule.Validate(operationId, OperationIdRule.MaxLengthLimit);
        if (afterSequence is { } after)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(after, nameof(afterSequence));
        }

        return _streams.Follow(operationId, afterSequence ?? 0);
    }

    /// <summary>The ids of the operations Redis holds (running, or completed and not yet expired).</summary>
    /// <returns>The ids, in no particular order.</returns>
    public Task<IReadOnlyList<string>> GetOperationIdsAsync() => _index.ListAsync();

    /// <summary>
    /// Mirrors every operation in Redis into <paramref name="hub"/>: each gets a tracker there that imports the
    /// operation's statuses with their sequences and timestamps (<see cref="ChatStatusTracker.Import"/>) and
    /// completes with it. Operations the hub already holds (produced locally) are left alone.
    /// </summary>
    /// <remarks>
    /// A hole in a stream (see <see cref="Observe"/>) is reported on <see cref="Errors"/> and recorded on the mirrored
    /// tracker (<see cref="ChatStatusTracker.RecordLoss"/>) before the status after it is imported, so the web endpoints
    /// tell their clients (an SSE <c>event: gap</c> where the statuses are missing).
    /// </remarks>
    /// <param name="hub">The hub to fill.</param>
    /// <returns>A handle that stops mirroring (the mirrored trackers stay in the hub).</returns>
    public IDisposable MirrorTo(StatusHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new HubMirror(hub, _location, _index, _streams, _errors, _options.MirrorPollInterval, _options.TimeProvider);
    }

    /// <summary>Completes <see cref="Errors"/> (after the reports made so far, from the thread pool).</summary>
    public void Dispose() => _errors.Complete();
}
