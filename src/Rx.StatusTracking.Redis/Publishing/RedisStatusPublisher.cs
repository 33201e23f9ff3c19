using System.Reactive.Disposables;
using System.Runtime.ExceptionServices;
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
/// <b>Redis down.</b> A write that failed for want of Redis is retried with exponential backoff, for as long as it
/// takes, and reported on <see cref="Errors"/> once per outage (one Redis refuses for good is skipped and reported as
/// <see cref="RedisStatusErrorKind.WriteRefused"/>). Entry ids are <c>{sequence}-0</c>, so a write repeated after an unclear
/// failure finds its entries there and skips them, never duplicating. When Redis comes back empty (a restart
/// without persistence), the statuses it lost are written again from each running operation's tracker history
/// before anything newer: the script refuses to write past a gap, so a stream never holds a status without the
/// ones before it.
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
    private readonly IDatabase _database;
    private readonly RedisNames _names;
    private readonly RedisPublisherOptions _options;
    private readonly Backoff _backoff;
    private readonly Outbox _outbox;
    private readonly StreamAppender _appender;
    private readonly ErrorReports _errors = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PublishedOperation> _operations = new(StringComparer.Ordinal);
    private readonly Signal _wake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private int _reseedRequested;
    private long _published;
    private bool _disposed;

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
        _database = redis.GetDatabase();
        _names = new RedisNames(options.KeyPrefix);
        _options = options;
        _backoff = new Backoff(options.RetryDelay, options.MaxRetryDelay);
        _outbox = new Outbox(options.MaxOutbox);
        _appender = new StreamAppender(_database, options.MaxStreamLength);
        Hold = new WriterHold(_wake);
        _redis.ConnectionRestored += OnConnectionRestored;
        _writer = Task.Run(WriteLoopAsync);
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

    /// <summary>How many items wait in the outbox now (statuses, plus one start and one completion per operation).</summary>
    public int OutboxCount => _outbox.Count;

    /// <summary>The most items the outbox ever held at once.</summary>
    public int PeakOutboxCount => _outbox.Peak;

    /// <summary>How many statuses gave way to a newer status of their step because the outbox was full.</summary>
    public long ConflatedCount => _outbox.Conflated;

    /// <summary>How many statuses were dropped because the outbox was at twice its limit with nothing to conflate.</summary>
    public long DroppedCount => _outbox.Dropped;

    /// <summary>How many statuses Redis has acknowledged.</summary>
    public long PublishedCount => Interlocked.Read(ref _published);

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
        return TryFollow(operationId, tracker)
            ?? throw new ArgumentException($"The operation '{operationId}' is already published.", nameof(operationId));
    }

    /// <summary>
    /// Publishes every operation of a hub: those it holds now and every one added later, until the handle is disposed.
    /// </summary>
    /// <param name="hub">The hub.</param>
    /// <returns>A handle that stops following the hub and its operations.</returns>
    /// <exception cref="ObjectDisposedException">The publisher is disposed.</exception>
    public IDisposable PublishHub(StatusHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var followed = new Dictionary<string, IDisposable>(StringComparer.Ordinal);
        var stopped = false;

        void Follow(string operationId)
        {
            if (hub.TryGet(operationId, out var tracker) && TryFollow(operationId, tracker) is { } following)
            {
                lock (followed)
                {
                    if (!stopped && followed.TryAdd(operationId, following))
                    {
                        return;
                    }
                }

                following.Dispose();
            }
        }

        // An evicted operation's handle goes, so a long-running hub does not pile them up.
        void Forget(string operationId)
        {
            IDisposable? following;
            lock (followed)
            {
                followed.Remove(operationId, out following);
            }

            following?.Dispose();
        }

        // Events first, then the operations already there: an operation added in between is seen twice, and the
        // second attempt finds it followed.
        var events = hub.Events.Subscribe(e =>
        {
            switch (e.Kind)
            {
                case OperationEventKind.Added:
                    Follow(e.OperationId);
                    break;
                case OperationEventKind.Evicted:
                    Forget(e.OperationId);
                    break;
            }
        });
        foreach (var operationId in hub.OperationIds)
        {
            Follow(operationId);
        }

        return Disposable.Create(() =>
        {
            events.Dispose();
            List<IDisposable> all;
            lock (followed)
            {
                stopped = true;
                all = [.. followed.Values];
                followed.Clear();
            }

            all.ForEach(f => f.Dispose());
        });
    }

    /// <summary>Waits until everything handed to the publisher so far has been written (or given up at disposal).</summary>
    /// <param name="cancellationToken">Stops waiting (the writes go on).</param>
    /// <returns>A task that completes when the outbox is empty and no write is in flight.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops following, writes what waits (up to <see cref="RedisPublisherOptions.DisposeTimeout"/>), then stops the writer.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        List<PublishedOperation> operations;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            operations = [.. _operations.Values];
        }

        operations.ForEach(o => o.Following?.Dispose());
        _redis.ConnectionRestored -= OnConnectionRestored;
        try
        {
            await FlushAsync().WaitAsync(_options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var waiting = _outbox.Count;
            _errors.Report(new RedisStatusError(RedisStatusErrorKind.StatusesDropped, $"The publisher was disposed with {waiting} items still waiting for Redis; they were given up.", DateTimeOffset.UtcNow) { Count = waiting });
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
        _errors.Complete();
    }

    /// <summary>Disposes synchronously (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }

    private IDisposable? TryFollow(string operationId, ChatStatusTracker tracker)
    {
        var operation = new PublishedOperation(operationId, tracker);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_operations.TryAdd(operationId, operation))
            {
                return null;
            }
        }

        Enqueue(OutboxItem.Started(operation));

        // History then live, with no gap and no duplicate; runs on the tracker's delivering thread, so it only queues.
        operation.Following = tracker.WithHistory().Subscribe(
            status =>
            {
                if (status.IsReset)
                {
                    operation.LastReset = status;
                }

                operation.LastEnqueued = status.Sequence;
                Enqueue(OutboxItem.ForStatus(operation, status));
            },
            () => Enqueue(OutboxItem.Completed(operation, operation.LastEnqueued)));

        return Disposable.Create(() =>
        {
            operation.Following.Dispose();
            lock (_gate)
            {
                _operations.Remove(operationId);
            }
        });
    }

    private void Enqueue(OutboxItem item)
    {
        var result = _outbox.Add(item, out var total);

        // After the add: the writer marks itself idle only under the lock with the outbox empty, so a flush that
        // starts from here on waits for this item. Checked outside the lock first: while the writer is busy the flag
        // stays down and a report takes no lock here.
        if (Volatile.Read(ref _idle).Task.IsCompleted)
        {
            lock (_gate)
            {
                if (_idle.Task.IsCompleted)
                {
                    _idle = NewIdle(completed: false);
                }
            }
        }

        if (OutboxReport.Create(result, total, item.Operation.Id, _options.MaxOutbox) is { } report)
        {
            _errors.Report(report);
        }

        Wake();
    }

    private void Wake() => _wake.Set();

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Redis may have restarted empty while nothing was being written: check before the next write.
        Interlocked.Exchange(ref _reseedRequested, 1);
        Wake();
    }

    private async Task WriteLoopAsync()
    {
        var token = _stop.Token;
        while (await Hold.PassAsync(token).ConfigureAwait(false))
        {
            var next = TakeNext();
            if (next is null)
            {
                if (Volatile.Read(ref _reseedRequested) == 1)
                {
                    await RetryAsync(() => ReseedAsync(), token).ConfigureAwait(false);
                    continue;
                }

                MarkIdleIfEmpty();
                try
                {
                    await _wake.WaitAsync(Timeout.InfiniteTimeSpan, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            await SendAsync(next, token).ConfigureAwait(false);
        }

        MarkIdleIfEmpty();
    }

    private PendingWrite? TakeNext()
    {
        var batch = new List<OutboxItem>(_options.MaxBatchSize);
        return _outbox.TakeBatch(batch, _options.MaxBatchSize) == 0 ? null : PendingWrite.Prepare(batch);
    }

    private async Task SendAsync(PendingWrite write, CancellationToken token)
    {
        var remaining = write.Operations;
        await RetryAsync(
            async () =>
            {
                if (Volatile.Read(ref _reseedRequested) == 1)
                {
                    await ReseedAsync().ConfigureAwait(false);
                }

                (remaining, var failure) = await WriteOperationsAsync(remaining).ConfigureAwait(false);
                if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }
            },
            token).ConfigureAwait(false);
    }

    private void MarkIdleIfEmpty()
    {
        lock (_gate)
        {
            if (_outbox.Count == 0 || _disposed && _stop.IsCancellationRequested)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Runs an action until it succeeds, waiting with backoff after each transient failure; reports the outage once,
    /// and its end: restored, or refused when Redis answers with a failure no retry can fix.
    /// </summary>
    private async Task RetryAsync(Func<Task> action, CancellationToken token)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                await action().ConfigureAwait(false);
                break;
            }
            catch (Exception exception) when (RedisNames.IsTransient(exception))
            {
                failures++;
                Interlocked.Exchange(ref _reseedRequested, 1);
                if (failures == 1)
                {
                    _errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportFailed, $"Writing to Redis failed ({exception.Message}); retrying with backoff.", DateTimeOffset.UtcNow) { Exception = exception, Count = 1 });
                }

                try
                {
                    await Task.Delay(_backoff.Delay(failures), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                // Retrying cannot help (a key of the wrong type, out of memory): report and go on with the next work. An
                // outage ends here too, but Redis did not take the write, so it is not reported as restored.
                var after = failures > 0 ? $"Redis answered again after {failures} failed attempts but refused the write" : "Redis refused a write";
                _errors.Report(new RedisStatusError(RedisStatusErrorKind.WriteRefused, $"{after} ({exception.Message}); retrying cannot help, so it was skipped.", DateTimeOffset.UtcNow) { Exception = exception, Count = failures });
                return;
            }
        }

        if (failures > 0)
        {
            _errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportRestored, $"Writing to Redis works again after {failures} failed attempts.", DateTimeOffset.UtcNow) { Count = failures });
        }
    }

    /// <summary>Sends each operation's share of a batch pipelined: every command is issued before any is awaited.</summary>
    /// <returns>The operations still to write (those that failed transiently) and that failure.</returns>
    private async Task<(List<PendingWrite.OperationWrite> Remaining, Exception? Failure)> WriteOperationsAsync(List<PendingWrite.OperationWrite> operations)
    {
        var writes = new Task[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            writes[i] = WriteOperationAsync(operations[i]);
        }

        Exception? failure = null;
        var retry = new List<PendingWrite.OperationWrite>();
        for (var i = 0; i < writes.Length; i++)
        {
            try
            {
                await writes[i].ConfigureAwait(false);
            }
            catch (Exception exception) when (RedisNames.IsTransient(exception))
            {
                failure ??= exception;
                retry.Add(operations[i]);
            }
            catch (Exception exception)
            {
                // Not transient (the key holds something else, say): retrying cannot help; report and move on.
                var id = operations[i].Operation.Id;
                _errors.Report(new RedisStatusError(RedisStatusErrorKind.WriteRefused, $"Redis refused a write for operation '{id}' ({exception.Message}); it was skipped.", DateTimeOffset.UtcNow) { OperationId = id, Exception = exception });
            }
        }

        return (retry, failure);
    }

    /// <summary>One operation's share of a batch: its index entry if it starts, one conditional append of its entries, the notifications.</summary>
    private async Task WriteOperationAsync(PendingWrite.OperationWrite write)
    {
        var operation = write.Operation;
        var stream = _names.Stream(operation.Id);
        var indexed = write.Starts ? _database.SortedSetAddAsync(_names.Index, operation.Id, double.PositiveInfinity) : Task.CompletedTask;
        var appended = write.Entries.Count > 0 ? AppendAsync(operation, stream, write) : Task.CompletedTask;

        // Both awaited even when one fails, so no failure goes unobserved; the append's is the one thrown.
        await Task.WhenAll(appended, indexed).ConfigureAwait(false);
        if (write.Entries.Count > 0 && !operation.Announced)
        {
            // Only once its first entries (and its index entry, sent before them) are in Redis: a mirror woken by the
            // announcement finds the stream, instead of passing it over until its next poll.
            operation.Announced = true;
            _ = _database.PublishAsync(_names.OperationsChannel, operation.Id, CommandFlags.FireAndForget);
        }

        if (write.CompletionSequence is { } lastSequence)
        {
            await CompleteAsync(operation, stream, lastSequence).ConfigureAwait(false);
        }
    }

    /// <summary>The conditional append (see <see cref="StreamAppender"/>), then the notification that wakes the readers.</summary>
    private async Task AppendAsync(PublishedOperation operation, RedisKey stream, PendingWrite.OperationWrite write)
    {
        if (!await _appender.AppendAsync(stream, operation.Confirmed, write.Entries).ConfigureAwait(false))
        {
            // Redis holds less than it acknowledged: it restarted empty. Refill it from the tracker, then append;
            // if the tracker no longer held everything (reported by the refill), append after what it had.
            await RefillAsync(operation).ConfigureAwait(false);
            if (!await _appender.AppendAsync(stream, operation.Confirmed, write.Entries).ConfigureAwait(false))
            {
                await _appender.AppendAsync(stream, 0, write.Entries).ConfigureAwait(false);
            }
        }

        // After the append on the same connection, so a woken reader finds the entries.
        _ = _database.PublishAsync(_names.Appends(operation.Id), write.LastSequence, CommandFlags.FireAndForget);
        foreach (var report in write.TakeFallbackReports())
        {
            _errors.Report(report);
        }
        if (write.StatusCount > 0)
        {
            operation.Confirmed = write.LastStatusSequence;
            Interlocked.Add(ref _published, write.StatusCount);
        }
    }

    private async Task CompleteAsync(PublishedOperation operation, RedisKey stream, long lastSequence)
    {
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(
            _database.KeyExpireAsync(stream, _options.CompletedExpiry),
            _database.SortedSetAddAsync(_names.Index, operation.Id, RedisNames.ExpiryScore(now + _options.CompletedExpiry)),
            _database.SortedSetRemoveRangeByScoreAsync(_names.Index, double.NegativeInfinity, RedisNames.ExpiryScore(now), Exclude.Stop)).ConfigureAwait(false);
        operation.Confirmed = Math.Max(operation.Confirmed, lastSequence);
        lock (_gate)
        {
            // Written for good: a later Redis restart is not this operation's to repair.
            if (_operations.TryGetValue(operation.Id, out var held) && held == operation)
            {
                _operations.Remove(operation.Id);
            }
        }
    }

    /// <summary>
    /// After Redis came back: refills every running operation whose stream lost what was acknowledged, so an idle
    /// operation's readers do not wait for its next status to see the rest again.
    /// </summary>
    private async Task ReseedAsync()
    {
        Interlocked.Exchange(ref _reseedRequested, 0);
        List<PublishedOperation> operations;
        lock (_gate)
        {
            operations = [.. _operations.Values];
        }

        foreach (var operation in operations)
        {
            await _database.SortedSetAddAsync(_names.Index, operation.Id, double.PositiveInfinity, SortedSetWhen.NotExists).ConfigureAwait(false);
            if (operation.Confirmed > 0)
            {
                await RefillAsync(operation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes again, from the tracker's history, the acknowledged statuses the stream no longer holds.</summary>
    private async Task RefillAsync(PublishedOperation operation)
    {
        var stream = _names.Stream(operation.Id);
        var confirmed = operation.Confirmed;
        var missing = new List<ChatStatus>();
        if (operation.LastReset is { } reset && reset.Sequence <= confirmed)
        {
            missing.Add(reset);
        }

        missing.AddRange(operation.Tracker.History.Where(s => s.Sequence <= confirmed && s.Sequence > (operation.LastReset?.Sequence ?? 0)));
        await _appender.AppendAsync(stream, 0, [.. missing.Select(StreamWrite.ForStatus)]).ConfigureAwait(false);
        _ = _database.PublishAsync(_names.Appends(operation.Id), confirmed, CommandFlags.FireAndForget);
        var gapped = operation.Tracker.DroppedFromHistory > 0 && missing.Count > 0 && missing[0].Sequence > 1 && !missing[0].IsReset;
        if (gapped)
        {
            _errors.Report(new RedisStatusError(RedisStatusErrorKind.StatusesLost, $"Redis lost statuses of '{operation.Id}' that the tracker no longer holds; the {missing.Count} it holds were written again.", DateTimeOffset.UtcNow) { OperationId = operation.Id, Count = missing.Count });
        }
    }
}
