using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis;

/// <summary>
/// Follows trackers (one by one, or every operation of a <see cref="StatusHub"/>) and appends each status to the
/// Redis stream <c>{prefix}:{operationId}</c>, so readers in other processes and on other servers see it.
/// </summary>
/// <remarks>
/// <para>
/// <b>Never blocks the tracker.</b> A status goes into a bounded outbox in memory and the tracker moves on; one
/// writer drains the outbox in report order, so each operation's statuses reach Redis in sequence order. Its writes
/// are pipelined script calls of up to 256 entries, each an atomic "if the stream still ends where I last wrote,
/// <c>XADD … MAXLEN ~</c> these". When the outbox is full, the oldest status that a newer status of its step
/// superseded makes room (<see cref="ConflatedCount"/>); terminal statuses are never conflated (see
/// <see cref="RedisPublisherOptions.MaxOutbox"/>).
/// </para>
/// <para>
/// <b>Redis down.</b> A write that failed for want of Redis (a lost connection, a timeout, a cluster promoting a
/// replica) is retried with exponential backoff, for as long as it takes, and reported on <see cref="Errors"/> once per
/// outage. It waits for its own retry while every other operation is written on, and its operation's later statuses
/// queue behind it. A write Redis refuses for good marks its operation's stream broken (reported as
/// <see cref="RedisStatusErrorKind.WriteRefused"/>): nothing is written past the hole. Entry ids are <c>{sequence}-0</c>, so a
/// write repeated after an unclear failure finds its entries there and skips them, never duplicating. When Redis lost
/// what it acknowledged (a restart without persistence, a replica promoted before it had everything), what a stream
/// lacks is written again from its tracker's history before anything newer, and what the history no longer holds is
/// reported as <see cref="RedisStatusErrorKind.StatusesLost"/>.
/// </para>
/// <para>
/// <b>Completion.</b> When a tracker completes, a marker entry <c>{lastSequence}-1</c> ends its stream, the stream
/// expires after <see cref="RedisPublisherOptions.CompletedExpiry"/>, and the operations index
/// (the sorted set <c>{prefix}</c>) lets expired operations go. One publisher per operation id.
/// </para>
/// </remarks>
public sealed class RedisStatusPublisher : IAsyncDisposable, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisPublisherOptions _options;
    private readonly ErrorReports _errors;
    private readonly Signal _wake = new();
    private readonly WriterIdle _idle = new();
    private readonly Outbox _outbox;
    private readonly PublishedOperations _operations;
    private readonly OperationWriter _writes;
    private readonly WriteOutage _outage;
    private readonly WriteLoop _writer;

    /// <summary>Creates a publisher and starts its writer.</summary>
    /// <param name="redis">The connection (shared; the publisher does not dispose it).</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public RedisStatusPublisher(IConnectionMultiplexer redis, RedisPublisherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        options ??= new RedisPublisherOptions();
        options.Validate();
        _redis = redis;
        _options = options;
        _errors = new ErrorReports(options.TimeProvider);
        _outbox = new Outbox(options.MaxOutbox);
        _operations = new PublishedOperations(new OutboxIntake(_outbox, options.MaxOutbox, _idle, _wake, _errors, options.TimeProvider), options.TimeProvider);
        _writes = new OperationWriter(redis.GetDatabase(), options, _errors, _operations);
        Hold = new WriterHold(_wake);
        _outage = new WriteOutage(_errors, options.TimeProvider);
        _writer = new WriteLoop(_outbox, _writes, _operations, _idle, Hold, _wake, options, _outage);
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>
    /// Problems met and what was done about them (retries, conflation, lost statuses). A report is queued where it is made
    /// (conflation and drops on the producer's thread, inside a tracker's <c>Executing</c>, say) and delivered from the
    /// thread pool, never inside the call that made it, so a slow or blocking subscriber holds up neither the trackers'
    /// producers nor the writer. Delivered one at a time, in the order the reports were made, and never under a lock, so a
    /// subscriber may call back into the publisher or its trackers; a subscriber that throws does not keep a report from the
    /// others. Completes (never with an error) after the last report, once the publisher is disposed.
    /// </summary>
    public IObservable<RedisStatusError> Errors => _errors;

    // Tests close it to hold the writer between batches.
    internal WriterHold Hold { get; }

    // Tests see that a close (a disposal, a host's stop) has begun: from then on the publisher takes no new operation.
    internal bool IsClosing => _operations.IsClosed;

    /// <summary>How many items wait in the outbox now (statuses, plus one start and one completion per operation).</summary>
    public int OutboxCount => _outbox.Count;

    /// <summary>
    /// How many items the writer has taken from the outbox that Redis has not acknowledged yet: with Redis now, waiting for
    /// a retry after a failure, or queued behind their operation's earlier writes. With <see cref="OutboxCount"/>, what
    /// still waits for Redis (during an outage, mostly here).
    /// </summary>
    public int WritingCount => _writer.Held;

    /// <summary>The most items the outbox ever held at once.</summary>
    public int PeakOutboxCount => _outbox.Peak;

    /// <summary>How many statuses gave way to a newer status of their step because the outbox was full.</summary>
    public long ConflatedCount => _outbox.Conflated;

    /// <summary>How many statuses were dropped because the outbox was at twice its limit with nothing to conflate.</summary>
    public long DroppedCount => _outbox.Dropped;

    /// <summary>How many statuses Redis has acknowledged.</summary>
    public long PublishedCount => _writes.Published;

    /// <summary>
    /// How many operations Redis refused a write of for good (<see cref="RedisStatusErrorKind.WriteRefused"/>: a key of
    /// another type, an id whose stream holds another run): each one's stream is left as it was, and nothing more is
    /// written to it. The health check is Degraded for a while after each (see <c>AddRedisStatusTransport</c>).
    /// </summary>
    public long RefusedCount => _writes.Refused;

    /// <summary>
    /// When Redis last refused an operation's write for good (on <see cref="RedisPublisherOptions.TimeProvider"/>), or
    /// <see langword="null"/> if it never did; see <see cref="RefusedCount"/>.
    /// </summary>
    public DateTimeOffset? LastRefusedAt => _writes.LastRefusal?.At;

    // The health check names the operation refused last, read with its time in one piece.
    internal Refusal? LastRefusal => _writes.LastRefusal;

    /// <summary>
    /// When the current outage began: the time (on <see cref="RedisPublisherOptions.TimeProvider"/>) of the first failed
    /// attempt of the write the writer is retrying, the moment it reported <see cref="RedisStatusErrorKind.TransportFailed"/>.
    /// <see langword="null"/> while writes go through, including while there is nothing to write: an idle publisher learns
    /// of an outage at its next write. A health check reads it (see <c>AddRedisStatusTransport</c>).
    /// </summary>
    public DateTimeOffset? OutageSince => _outage.OutageSince;

    /// <summary>
    /// Publishes one operation: its retained history first, then every status as it is recorded, then the completion
    /// marker when the tracker completes.
    /// </summary>
    /// <param name="operationId">
    /// The operation's id, following the one id rule (<see cref="OperationIdRule"/>) up to <see cref="OperationIdRule.MaxLengthLimit"/>
    /// characters, the longest any hub may allow; a mirror's hub refuses (and reports) an id longer than its own limit.
    /// </param>
    /// <param name="tracker">The operation's tracker.</param>
    /// <returns>A handle that stops following the tracker (without marking the operation completed).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule (the message says how) or is already published by this publisher.</exception>
    /// <exception cref="ObjectDisposedException">The publisher is disposed.</exception>
    public IDisposable Publish(string operationId, ChatStatusTracker tracker)
    {
        OperationIdRule.Validate(operationId, OperationIdRule.MaxLengthLimit);
        ArgumentNullException.ThrowIfNull(tracker);
        return _operations.TryFollow(operationId, tracker)
            ?? throw new ArgumentException($"The operation '{operationId}' is already published.", nameof(operationId));
    }

    /// <summary>
    /// Publishes every operation of a hub: those it holds now and every one added later, until the handle is disposed.
    /// Operations a <see cref="RedisStatusSource"/> mirrors into the hub (<see cref="RedisStatusSource.MirrorTo"/>) from where
    /// this publisher writes (the same key prefix, on the same connection or one made from the same configuration) are left
    /// out, as their statuses are there already: a server may publish its hub and mirror the other servers' operations into
    /// it. Operations mirrored from elsewhere (another prefix, another Redis) are published: a relay.
    /// </summary>
    /// <param name="hub">The hub.</param>
    /// <returns>A handle that stops following the hub and its operations.</returns>
    /// <exception cref="ObjectDisposedException">The publisher is disposed.</exception>
    public IDisposable PublishHub(StatusHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new HubFollowing(hub, new RedisLocation(_redis, _options.KeyPrefix), _operations.TryFollow);
    }

    /// <summary>Waits until everything handed to the publisher so far has been written (or given up at disposal).</summary>
    /// <param name="cancellationToken">Stops waiting (the writes go on).</param>
    /// <returns>A task that completes when the outbox is empty and no write is in flight.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _idle.WhenIdle(cancellationToken);

    /// <summary>Stops following, writes what waits (up to <see cref="RedisPublisherOptions.DisposeTimeout"/>), then stops the writer.</summary>
    /// <remarks>
    /// What could not be written by then (in the outbox, or in the batch the writer was retrying) is given up and reported
    /// as <see cref="RedisStatusErrorKind.StatusesDropped"/> with its <see cref="RedisStatusError.Count"/> of items.
    /// </remarks>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public ValueTask DisposeAsync() => CloseAsync(_options.DisposeTimeout, "disposed", CancellationToken.None);

    /// <summary>
    /// Closes the publisher as <see cref="DisposeAsync"/> does, waiting for the outbox to drain for up to
    /// <paramref name="timeout"/> or until <paramref name="giveUp"/> is cancelled, whichever comes first.
    /// </summary>
    /// <param name="timeout">The longest wait (<see cref="Timeout.InfiniteTimeSpan"/> for none), on the options' clock.</param>
    /// <param name="closing">How the report names the closing ("disposed", "stopped by the host").</param>
    /// <param name="giveUp">Stops waiting: what is left is given up.</param>
    internal async ValueTask CloseAsync(TimeSpan timeout, string closing, CancellationToken giveUp)
    {
        if (!_operations.Close())
        {
            return;
        }

        _redis.ConnectionRestored -= OnConnectionRestored;
        var flushed = true;
        try
        {
            await FlushAsync(giveUp).WaitAsync(timeout, _options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            flushed = false;
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            flushed = false;
        }

        // Stopped first, so the batch the writer was retrying is counted with what the outbox still holds.
        await _writer.StopAsync().ConfigureAwait(false);
        _outbox.Detach();
        var waiting = _outbox.Count + _writer.GivenUp;
        if (!flushed && waiting > 0)
        {
            _errors.Report(new RedisStatusError(RedisStatusErrorKind.StatusesDropped, $"The publisher was {closing} with {waiting} items still waiting for Redis; they were given up.", _options.TimeProvider.GetUtcNow()) { Count = waiting });
        }

        _wake.Dispose();
        _errors.Complete();
    }

    /// <summary>Disposes synchronously (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Redis may have restarted empty while nothing was being written: check before the next write.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _writer.RequestRepair();
}
