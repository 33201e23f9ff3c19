using System.Runtime.ExceptionServices;
using Rx.StatusTracking.Internal;
using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Writes the publisher's batches to Redis, retried through outages (see <see cref="WriteRetry"/>): each operation's
/// share of a batch (its index entry when it starts, one conditional append, the notifications, its completion), and
/// the repair after Redis restarted empty (the acknowledged statuses it lost, written again from each running
/// operation's tracker history).
/// </summary>
internal sealed class OperationWriter
{
    private readonly IDatabase _database;
    private readonly RedisNames _names;
    private readonly RedisPublisherOptions _options;
    private readonly StreamAppender _appender;
    private readonly ErrorReports _errors;
    private readonly Func<PublishedOperation[]> _running;
    private readonly Action<PublishedOperation> _written;
    private readonly WriteRetry _retry;
    private readonly TimeProvider _time;
    private int _repairRequested;
    private long _published;

    /// <param name="database">Where to write.</param>
    /// <param name="options">The publisher's settings (key prefix, stream length, expiry).</param>
    /// <param name="errors">Where refused writes, fallbacks and lost statuses are reported.</param>
    /// <param name="running">The operations still followed, for the repair.</param>
    /// <param name="written">Called when an operation's completion is in Redis: it is no longer the repair's.</param>
    public OperationWriter(
        IDatabase database, RedisPublisherOptions options, ErrorReports errors, Func<PublishedOperation[]> running, Action<PublishedOperation> written)
    {
        _database = database;
        _names = new RedisNames(options.KeyPrefix);
        _options = options;
        _appender = new StreamAppender(database, options.MaxStreamLength);
        Entries = EntryEncoder.For(options);
        _errors = errors;
        _running = running;
        _written = written;
        _time = options.TimeProvider;
        _retry = new WriteRetry(new Backoff(options.RetryDelay, options.MaxRetryDelay, _time), errors, RequestRepair);
    }

    /// <summary>What makes the status entries (plain or compressed), for the batches and the refill alike.</summary>
    public EntryEncoder Entries { get; }

    /// <summary>How many statuses Redis acknowledged.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Whether Redis may have restarted empty since the last repair.</summary>
    public bool RepairRequested => Volatile.Read(ref _repairRequested) == 1;

    /// <summary>Asks for a repair before the next write (Redis failed, or the connection came back).</summary>
    public void RequestRepair() => Interlocked.Exchange(ref _repairRequested, 1);

    /// <summary>When the write being retried first failed; <see langword="null"/> while writes go through.</summary>
    public DateTimeOffset? OutageSince => _retry.OutageSince;

    /// <summary>Writes a batch, retried until Redis takes it (or refuses it for good), repairing first when asked.</summary>
    /// <returns>How many of its items were given up because <paramref name="token"/> stopped the retries (0 when it ended).</returns>
    public async Task<int> SendAsync(PendingWrite write, CancellationToken token)
    {
        var remaining = write.Operations;
        var ended = await _retry.RunAsync(
            async () =>
            {
                if (RepairRequested)
                {
                    await ReseedAsync().ConfigureAwait(false);
                }

                (remaining, var failure) = await WriteAsync(remaining).ConfigureAwait(false);
                if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }
            },
            token).ConfigureAwait(false);
        return ended ? 0 : remaining.Sum(static o => o.ItemCount);
    }

    /// <summary>Repairs what Redis lost, retried until Redis answers.</summary>
    public Task RepairAsync(CancellationToken token) => _retry.RunAsync(ReseedAsync, token);

    /// <summary>Sends each operation's share of a batch pipelined: every command is issued before any is awaited.</summary>
    /// <returns>The operations still to write (those that failed transiently) and that failure.</returns>
    private async Task<(List<PendingWrite.OperationWrite> Remaining, Exception? Failure)> WriteAsync(List<PendingWrite.OperationWrite> operations)
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
                _errors.Report(new RedisStatusError(RedisStatusErrorKind.WriteRefused, $"Redis refused a write for operation '{id}' ({exception.Message}); it was skipped.", _time.GetUtcNow()) { OperationId = id, Exception = exception });
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
        var now = _time.GetUtcNow();
        await Task.WhenAll(
            _database.KeyExpireAsync(stream, _options.CompletedExpiry),
            _database.SortedSetAddAsync(_names.Index, operation.Id, RedisNames.ExpiryScore(now + _options.CompletedExpiry)),
            _database.SortedSetRemoveRangeByScoreAsync(_names.Index, double.NegativeInfinity, RedisNames.ExpiryScore(now), Exclude.Stop)).ConfigureAwait(false);
        operation.Confirmed = Math.Max(operation.Confirmed, lastSequence);

        // Written for good: a later Redis restart is not this operation's to repair.
        _written(operation);
    }

    /// <summary>
    /// After Redis came back: refills every running operation whose stream lost what was acknowledged, so an idle
    /// operation's readers do not wait for its next status to see the rest again.
    /// </summary>
    private async Task ReseedAsync()
    {
        Interlocked.Exchange(ref _repairRequested, 0);
        foreach (var operation in _running())
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
        await _appender.AppendAsync(stream, 0, [.. missing.Select(Entries.ForStatus)]).ConfigureAwait(false);
        _ = _database.PublishAsync(_names.Appends(operation.Id), confirmed, CommandFlags.FireAndForget);
        var gapped = operation.Tracker.DroppedFromHistory > 0 && missing.Count > 0 && missing[0].Sequence > 1 && !missing[0].IsReset;
        if (gapped)
        {
            _errors.Report(new RedisStatusError(RedisStatusErrorKind.StatusesLost, $"Redis lost statuses of '{operation.Id}' that the tracker no longer holds; the {missing.Count} it holds were written again.", _time.GetUtcNow()) { OperationId = operation.Id, Count = missing.Count });
        }
    }
}
