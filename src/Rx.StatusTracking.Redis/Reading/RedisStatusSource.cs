using System.Globalization;
using System.Reactive.Linq;
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
    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _database;
    private readonly RedisNames _names;
    private readonly RedisSourceOptions _options;
    private readonly Backoff _backoff;
    private readonly ErrorReports _errors = new();

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
        _redis = redis;
        _database = redis.GetDatabase();
        _names = new RedisNames(options.KeyPrefix);
        _options = options;
        _backoff = new Backoff(options.RetryDelay, options.MaxRetryDelay);
    }

    /// <summary>
    /// Problems met and what was done about them: failed reads (retried), malformed entries (skipped), operations that could
    /// not be mirrored. A report is queued where it is made (a reader, the mirror's discovery, or the thread that subscribes
    /// to <see cref="Observe"/>) and delivered from the thread pool, never inside the call that made it, so a slow or blocking
    /// subscriber holds up no reader and no caller. Delivered one at a time, in the order the reports were made, and never under a lock;
    /// a subscriber that throws does not keep a report from the others. Completes when the source is disposed, after the
    /// reports made until then.
    /// </summary>
    public IObservable<RedisStatusError> Errors => _errors;

    internal RedisNames Names => _names;

    internal IDatabase Database => _database;

    internal ISubscriber Subscriber => _redis.GetSubscriber();

    internal RedisSourceOptions Options => _options;

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

        return Observable.Create<ChatStatus>((observer, cancellationToken) => FollowAsync(operationId, afterSequence ?? 0, observer, cancellationToken));
    }

    /// <summary>The ids of the operations Redis holds (running, or completed and not yet expired).</summary>
    /// <returns>The ids, in no particular order.</returns>
    public async Task<IReadOnlyList<string>> GetOperationIdsAsync()
    {
        var now = RedisNames.ExpiryScore(DateTimeOffset.UtcNow);
        var members = await _database.SortedSetRangeByScoreAsync(_names.Index, now, double.PositiveInfinity, Exclude.Start).ConfigureAwait(false);
        return [.. members.Select(m => m.ToString())];
    }

    /// <summary>
    /// Mirrors every operation in Redis into <paramref name="hub"/>: each gets a tracker there that imports the
    /// operation's statuses with their sequences and timestamps (<see cref="ChatStatusTracker.Import"/>) and
    /// completes with it. Operations the hub already holds (produced locally) are left alone.
    /// </summary>
    /// <param name="hub">The hub to fill.</param>
    /// <returns>A handle that stops mirroring (the mirrored trackers stay in the hub).</returns>
    public IDisposable MirrorTo(StatusHub hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new HubMirror(this, hub);
    }

    /// <summary>Completes <see cref="Errors"/> (after the reports made so far, from the thread pool).</summary>
    public void Dispose() => _errors.Complete();

    internal void Report(RedisStatusError error) => _errors.Report(error);

    private async Task FollowAsync(string operationId, long afterSequence, IObserver<ChatStatus> observer, CancellationToken cancellationToken)
    {
        var stream = _names.Stream(operationId);
        var channel = _names.Appends(operationId);
        var subscriber = _redis.GetSubscriber();
        using var appended = new Signal();
        Action<RedisChannel, RedisValue> onAppend = (_, _) => appended.Set();
        var delivered = afterSequence;
        var cursor = afterSequence > 0 ? RedisNames.After(RedisNames.StatusEntryId(afterSequence).ToString()) : (RedisValue)"-";
        var subscribed = false;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                StreamEntry[] entries;
                try
                {
                    // Subscribe before reading, so an append between the read and the wait is not missed.
                    if (!subscribed)
                    {
                        await subscriber.SubscribeAsync(channel, onAppend).ConfigureAwait(false);
                        subscribed = true;
                    }

                    entries = await _database.StreamRangeAsync(stream, cursor, "+", _options.ReadBatchSize).ConfigureAwait(false);
                }
                catch (Exception exception) when (RedisNames.IsTransient(exception))
                {
                    failures++;
                    if (failures == 1)
                    {
                        Report(new RedisStatusError(RedisStatusErrorKind.TransportFailed, $"Reading '{operationId}' from Redis failed ({exception.Message}); retrying with backoff.", DateTimeOffset.UtcNow) { OperationId = operationId, Exception = exception, Count = 1 });
                    }

                    await Task.Delay(_backoff.Delay(failures), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (failures > 0)
                {
                    Report(new RedisStatusError(RedisStatusErrorKind.TransportRestored, $"Reading '{operationId}' from Redis works again after {failures} failed attempts.", DateTimeOffset.UtcNow) { OperationId = operationId, Count = failures });
                    failures = 0;
                }

                foreach (var entry in entries)
                {
                    cursor = RedisNames.After(entry.Id.ToString());
                    switch (Read(operationId, entry, out var status))
                    {
                        case EntryKind.Status when status!.Sequence > delivered:
                            delivered = status.Sequence;
                            observer.OnNext(status);
                            break;
                        case EntryKind.Completion:
                            observer.OnCompleted();
                            return;
                    }
                }

                if (entries.Length < _options.ReadBatchSize)
                {
                    await appended.WaitAsync(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (subscribed)
            {
                // Best effort: the connection may be gone, and this runs on unsubscription.
                _ = subscriber.UnsubscribeAsync(channel, onAppend, CommandFlags.FireAndForget);
            }
        }
    }

    private EntryKind Read(string operationId, StreamEntry entry, out ChatStatus? status)
    {
        status = null;
        var json = entry[RedisNames.StatusField];
        if (!json.IsNull)
        {
            if (StatusJson.TryDeserialize((byte[])json!, out status, out var error))
            {
                if (status.Sequence > 0)
                {
                    return EntryKind.Status;
                }

                error = "the status has no sequence";
            }

            ReportMalformed(operationId, entry, error);
            return EntryKind.Malformed;
        }

        if (!entry[RedisNames.CompletedField].IsNull)
        {
            return EntryKind.Completion;
        }

        ReportMalformed(operationId, entry, "it has neither a 'status' nor a 'completed' field");
        return EntryKind.Malformed;
    }

    private void ReportMalformed(string operationId, StreamEntry entry, string reason) =>
        Report(new RedisStatusError(RedisStatusErrorKind.MalformedEntry, string.Create(CultureInfo.InvariantCulture, $"The entry {entry.Id} of '{operationId}' is not a status ({reason}); it was skipped."), DateTimeOffset.UtcNow) { OperationId = operationId, EntryId = entry.Id.ToString() });

    private enum EntryKind
    {
        Status,
        Completion,
        Malformed,
    }
}
