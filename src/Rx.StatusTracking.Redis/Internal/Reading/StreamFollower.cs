using System.Globalization;
using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Follows one operation's stream: <c>XRANGE</c> from the last entry read, woken by the publisher's notification after
/// each append and by the source's slow poll in case one is lost (<see cref="FollowerPoll"/>: one timer for every
/// follower); retries through outages (<see cref="FollowerBackoff"/>: cut short by a notification) and skips (and
/// reports) entries that are not statuses (decoded by <see cref="StatusEntries"/>). It keeps the highest sequence it has
/// read: an entry that says it follows a later one (<see cref="StatusEntries.Previous"/>,
/// <see cref="StatusEntries.CompletedAt"/>) comes after a hole, which is reported once as
/// <see cref="RedisStatusErrorKind.StatusesMissing"/> before the entry is delivered, never stepped over in silence.
/// </summary>
/// <param name="redis">The connection.</param>
/// <param name="names">Where things live.</param>
/// <param name="options">The source's settings (batch size, poll interval, retry delays, clock).</param>
/// <param name="errors">Where outages and malformed entries are reported.</param>
internal sealed class StreamFollower(IConnectionMultiplexer redis, RedisNames names, RedisSourceOptions options, ErrorReports errors)
{
    private readonly IDatabase _database = redis.GetDatabase();
    private readonly FollowerBackoff _backoff = new(options.RetryDelay, options.MaxRetryDelay, options.TimeProvider);
    private readonly TimeProvider _time = options.TimeProvider;
    private readonly FollowerPoll _poll = new(options.PollInterval, options.TimeProvider);

    /// <summary>The statuses after <paramref name="afterSequence"/>, then each new one, until the completion marker (cold).</summary>
    /// <param name="operationId">The operation.</param>
    /// <param name="afterSequence">The resume point (0: from the start).</param>
    /// <param name="missing">
    /// Called with the last sequence of each hole, after it is reported and before the status (or the completion) that
    /// follows it is delivered, on the reading thread; and with the sequence of each status entry it could not read
    /// (reported as malformed), a loss to this reader as well.
    /// </param>
    /// <param name="completing">Called with when the operation ended, before the completion, when the stream says (on the reading thread).</param>
    public IObservable<ChatStatus> Follow(string operationId, long afterSequence, Action<long>? missing = null, Action<DateTimeOffset>? completing = null) =>
        Observable.Create<ChatStatus>((observer, cancellationToken) => FollowAsync(operationId, afterSequence, missing, completing, observer, cancellationToken));

    private async Task FollowAsync(string operationId, long afterSequence, Action<long>? missing, Action<DateTimeOffset>? completing, IObserver<ChatStatus> observer, CancellationToken cancellationToken)
    {
        var stream = names.Stream(operationId);
        var channel = names.Appends(operationId);
        var subscriber = redis.GetSubscriber();
        using var appended = new Signal();
        using var polled = _poll.Register(appended);
        Action<RedisChannel, RedisValue> onAppend = (_, _) => appended.Set();
        // The highest sequence read from the stream: statuses delivered, malformed entries skipped, the resume point.
        var seen = afterSequence;
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
                    // Subscribe before reading, so an append between the read and the wait is not missed. Once only: a
                    // subscription whose SUBSCRIBE failed is kept by the connection and sent again when it reconnects, so a
                    // second attempt would add the handler twice (and only one would be removed at the end).
                    if (!subscribed)
                    {
                        subscribed = true;
                        await subscriber.SubscribeAsync(channel, onAppend).ConfigureAwait(false);
                    }

                    entries = await _database.StreamRangeAsync(stream, cursor, "+", options.ReadBatchSize).ConfigureAwait(false);
                }
                catch (Exception exception) when (RedisNames.IsTransient(exception))
                {
                    failures++;
                    if (failures == 1)
                    {
                        errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportFailed, $"Reading '{operationId}' from Redis failed ({exception.Message}); retrying with backoff.", _time.GetUtcNow()) { OperationId = operationId, Exception = exception, Count = 1 });
                    }

                    await _backoff.WaitAsync(failures, appended, polled, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (failures > 0)
                {
                    errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportRestored, $"Reading '{operationId}' from Redis works again after {failures} failed attempts.", _time.GetUtcNow()) { OperationId = operationId, Count = failures });
                    failures = 0;
                }

                foreach (var entry in entries)
                {
                    cursor = RedisNames.After(entry.Id.ToString());
                    switch (Read(operationId, entry, out var status))
                    {
                        case EntryKind.Status when status!.Sequence > seen:
                            CheckHole(operationId, entry, seen, StatusEntries.Previous(entry, status.Sequence), missing);
                            seen = status.Sequence;
                            observer.OnNext(status);
                            break;
                        case EntryKind.Completion:
                            CheckHole(operationId, entry, seen, StatusEntries.CompletedAt(entry), missing);
                            if (StatusEntries.CompletionTime(entry) is { } endedAt)
                            {
                                completing?.Invoke(endedAt);
                            }

                            observer.OnCompleted();
                            return;
                        case EntryKind.Malformed:
                            // Reported as malformed already, not as a hole as well; but a status this reader cannot read is
                            // lost to it, so a mirror records the loss (its web clients are told), as for a hole.
                            var unread = RedisNames.SequenceOf((string?)entry.Id);
                            if (unread > seen)
                            {
                                missing?.Invoke(unread);
                                seen = unread;
                            }

                            break;
                    }
                }

                if (entries.Length < options.ReadBatchSize)
                {
                    await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
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
        var kind = StatusEntries.Read(entry, out status, out var problem);
        if (kind == EntryKind.Malformed)
        {
            ReportMalformed(operationId, entry, problem!);
        }

        return kind;
    }

    // Statuses seen+1..previous were never read here: reported once, and the follower goes on after them.
    private void CheckHole(string operationId, StreamEntry entry, long seen, long previous, Action<long>? missing)
    {
        if (previous <= seen)
        {
            return;
        }

        var first = seen + 1;
        var range = first == previous ? $"status {first}" : $"statuses {first} to {previous}";
        var before = entry[RedisNames.CompletedField].IsNull ? $"the entry {entry.Id}" : $"its completion entry {entry.Id}";
        var message = string.Create(CultureInfo.InvariantCulture, $"The stream of '{operationId}' lacks {range} ({previous - seen} missing), before {before}: they were trimmed or lost in Redis and will not be delivered; reading goes on after them.");
        errors.Report(new RedisStatusError(RedisStatusErrorKind.StatusesMissing, message, _time.GetUtcNow()) { OperationId = operationId, EntryId = entry.Id.ToString(), Count = previous - seen });
        missing?.Invoke(previous);
    }

    private void ReportMalformed(string operationId, StreamEntry entry, string reason) =>
        errors.Report(new RedisStatusError(RedisStatusErrorKind.MalformedEntry, string.Create(CultureInfo.InvariantCulture, $"The entry {entry.Id} of '{operationId}' is not a status ({reason}); it was skipped."), _time.GetUtcNow()) { OperationId = operationId, EntryId = entry.Id.ToString() });
}
