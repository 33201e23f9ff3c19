using System.Globalization;
using Rx.StatusTracking.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Writes the operations' shares of the publisher's batches to Redis: each one's index entry when it starts, one
/// conditional append of its entries (see <see cref="StreamAppender"/>), the notifications, its completion. Refills
/// what Redis lost of what it acknowledged (a restart without persistence, a replica promoted before it had everything)
/// from each operation's tracker history, and reports what the history no longer holds. A share Redis refuses for good
/// marks its operation's stream broken: nothing later is written past the hole.
/// </summary>
internal sealed class OperationWriter
{
    private readonly IDatabase _database;
    private readonly RedisNames _names;
    private readonly RedisPublisherOptions _options;
    private readonly StreamAppender _appender;
    private readonly ErrorReports _errors;
    private readonly PublishedOperations _operations;
    private readonly TimeProvider _time;
    private long _published;
    private long _refused;
    private Refusal? _lastRefusal;

    /// <param name="database">Where to write.</param>
    /// <param name="options">The publisher's settings (key prefix, stream length, expiry).</param>
    /// <param name="errors">Where refused writes, fallbacks and lost statuses are reported.</param>
    /// <param name="operations">The operations followed: which to check in a repair, and which are written for good.</param>
    public OperationWriter(IDatabase database, RedisPublisherOptions options, ErrorReports errors, PublishedOperations operations)
    {
        _database = database;
        _names = new RedisNames(options.KeyPrefix);
        _options = options;
        _appender = new StreamAppender(database, options.MaxStreamLength);
        Entries = EntryEncoder.For(options);
        _errors = errors;
        _operations = operations;
        _time = options.TimeProvider;
    }

    /// <summary>What makes the status entries (plain or compressed), for the batches and the refill alike.</summary>
    public EntryEncoder Entries { get; }

    /// <summary>How many statuses Redis acknowledged.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>How many operations Redis refused a write of for good (each is let go: see <see cref="Break"/>).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Which operation Redis last refused a write of for good, and when; <see langword="null"/> if none. One object, so the two agree.</summary>
    public Refusal? LastRefusal => Volatile.Read(ref _lastRefusal);

    /// <summary>
    /// Writes one operation's share: its index entry if it starts, one conditional append of its entries, the
    /// notifications, its completion; a share with nothing to write that is a repair's checks the stream instead.
    /// </summary>
    /// <exception cref="Exception">What Redis answered when it did not take the share (the writer tells a transient failure from a refusal).</exception>
    public Task WriteShareAsync(PendingWrite.OperationWrite write) =>
        write.Check && write.Count == 0 && !write.Starts ? CheckAsync(write.Operation) : WriteOperationAsync(write);

    private async Task CheckAsync(PublishedOperation operation)
    {
        var stream = _names.Stream(operation.Id);
        if (operation.CompletionWritten is { } last)
        {
            // Its end must still be there: else readers would wait for one that never comes.
            var ended = await _appender.AppendAsync(stream, RedisNames.CompletionEntryId(last), []).ConfigureAwait(false);
            if (!ended.Appended)
            {
                await RefillAsync(operation, ended.Top).ConfigureAwait(false);
                await _appender.AppendAsync(stream, 0, [StreamWrite.ForCompletion(last, operation.Tracker.CompletedAt)]).ConfigureAwait(false);
                await _database.KeyExpireAsync(stream, _options.CompletedExpiry).ConfigureAwait(false);
            }

            return;
        }

        var indexed = MarkRunningAsync(operation);
        var check = operation.Confirmed > 0 ? await _appender.AppendAsync(stream, operation.Confirmed, []).ConfigureAwait(false) : null;
        await indexed.ConfigureAwait(false);
        if (check is { Appended: false })
        {
            await RefillAsync(operation, check.Top).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A share went through: the fallbacks its statuses were written with are reported, once each. Called in the order
    /// the operation's shares were sent, so the reports come in report order.
    /// </summary>
    public void Written(PendingWrite.OperationWrite write)
    {
        foreach (var report in write.TakeFallbackReports())
        {
            _errors.Report(report);
        }
    }

    /// <summary>
    /// Retrying cannot help (a key of the wrong type, a script error): the stream is left as it is, with nothing written
    /// past the hole, and the operation is let go. Reported once.
    /// </summary>
    public void Break(PublishedOperation operation, Exception exception, int failures)
    {
        if (operation.Broken)
        {
            return;
        }

        operation.Broken = true;
        _operations.Forget(operation);
        var at = _time.GetUtcNow();

        // Which and when first, so a health check that sees the count also sees them.
        Volatile.Write(ref _lastRefusal, new Refusal(operation.Id, at));
        Interlocked.Increment(ref _refused);
        var after = failures > 0 ? $"Redis answered again after {failures} failed attempts but refused a write" : "Redis refused a write";
        _errors.Report(new RedisStatusError(RedisStatusErrorKind.WriteRefused, $"{after} for operation '{operation.Id}' ({Readable(exception)}); retrying cannot help, so its stream is left as it is and nothing more is written to it.", at) { OperationId = operation.Id, Exception = exception, Count = failures });
    }

    // Redis ends an error raised inside a script with where: " script: <sha1>, on @user_script:<line>." That is this
    // library's script, not the user's; the report keeps what Redis objected to (the exception keeps it all).
    private static string Readable(Exception exception)
    {
        var message = exception.Message;
        var where = message.IndexOf(" script: ", StringComparison.Ordinal);
        return where > 0 && message.IndexOf("@user_script:", where, StringComparison.Ordinal) > 0 ? message[..where] : message;
    }

    /// <summary>One operation's share of a batch: its index entry if it starts, one conditional append of its entries, the notifications.</summary>
    private async Task WriteOperationAsync(PendingWrite.OperationWrite write)
    {
        var operation = write.Operation;
        var stream = _names.Stream(operation.Id);
        if (write.Starts && write.FirstWrite)
        {
            // The index entry after the first write, which may find the id taken by another run: that run keeps its entry.
            await AppendAsync(operation, stream, write).ConfigureAwait(false);
            await MarkRunningAsync(operation).ConfigureAwait(false);
        }
        else
        {
            var indexed = write.Starts ? MarkRunningAsync(operation) : Task.CompletedTask;
            var appended = write.Entries.Count > 0 ? AppendAsync(operation, stream, write) : Task.CompletedTask;

            // Both awaited even when one fails, so no failure goes unobserved; the append's is the one thrown.
            await Task.WhenAll(appended, indexed).ConfigureAwait(false);
        }

        // Announced by the share that wrote the index entry, or by one sent with nothing of its operation at Redis (so
        // the index entry is there): a share chained to the start may be answered before the start's index entry is in.
        if (write.Entries.Count > 0 && !operation.Announced && (write.Starts || write.ExpectedTop.IsNull))
        {
            // Only once its first entries and its index entry are in Redis: a mirror woken by the announcement finds the
            // stream, instead of passing it over until its next poll.
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
        var chained = !write.ExpectedTop.IsNull;
        var expected = chained ? write.ExpectedTop : write.FirstWrite ? RedisNames.FirstWrite : RedisNames.StatusEntryId(operation.Confirmed);
        var result = await _appender.AppendAsync(stream, expected, write.Entries, write.ExpectedHead).ConfigureAwait(false);
        if (result.Taken)
        {
            // Not this write's own earlier attempt. Still this run's stream when its top is a status this tracker recorded
            // (published before by another publisher, or before the tracker was followed again): it goes on after it.
            if (!IsOwnTop(operation, result))
            {
                await PutBackIndexScoreAsync(operation).ConfigureAwait(false);
                throw new StreamTakenException(operation.Id);
            }

            operation.Confirm(result.Top);
            result = await _appender.AppendAsync(stream, result.Top, write.Entries).ConfigureAwait(false);
        }

        if (!result.Appended && chained)
        {
            // The share sent before it is not in the stream (it failed, was overtaken, or was a first write that found
            // another run's stream): this one waits for it.
            throw new PredecessorNotWrittenException(operation.Id, result.Top);
        }

        if (!result.Appended)
        {
            // Redis holds less than it acknowledged: refill it from the tracker, then append. If the tracker no longer held
            // everything (reported by the refill), append after what it had: the entries' own sequences tell readers of the hole.
            await RefillAsync(operation, result.Top).ConfigureAwait(false);
            await _appender.AppendAsync(stream, 0, write.Entries).ConfigureAwait(false);
        }

        // After the append on the same connection, so a woken reader finds the entries.
        _ = _database.PublishAsync(_names.Appends(operation.Id), write.LastSequence, CommandFlags.FireAndForget);
        if (write.StatusCount > 0)
        {
            operation.Confirm(write.LastStatusSequence);
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
        operation.Confirm(lastSequence);
        operation.CompletionWritten = lastSequence;
        _operations.Written(operation);
    }

    // Whether the top entry of a stream a first write found is this run's: a status the tracker still holds (read back, it
    // writes the same JSON, whatever compression wrote it), or this tracker's completion, at its time (another run of as
    // many statuses ends at another).
    private static bool IsOwnTop(PublishedOperation operation, AppendResult found)
    {
        var tracker = operation.Tracker;
        if (found.TopField == RedisNames.CompletedField)
        {
            return tracker.CompletedAt is { } completedAt && tracker.LastSequence == found.Top && found.TopSecond == RedisNames.Time(completedAt);
        }

        var history = tracker.History;
        for (var i = history.Count - 1; i >= 0 && history[i].Sequence >= found.Top; i--)
        {
            if (history[i].Sequence == found.Top)
            {
                return ReadsAs(found, history[i]);
            }
        }

        return false;
    }

    private static bool ReadsAs(AppendResult found, ChatStatus status)
    {
        var entry = new StreamEntry(RedisNames.StatusEntryId(found.Top), [new NameValueEntry(found.TopField, found.TopValue)]);
        return StatusEntries.Read(entry, out var written, out _) == EntryKind.Status
            && StatusJson.Serialize(written!) == StatusJson.Serialize(status);
    }

    // The index entry of a running operation (+inf), unless the id's entry is another run's counting down to its expiry
    // (its stream is still there, and this run's first write is refused): that one keeps its expiry. An expired one is
    // replaced, or listing would never show this run.
    private async Task MarkRunningAsync(PublishedOperation operation)
    {
        var replaced = await _database.ScriptEvaluateAsync(
            MarkRunningScript,
            [_names.Index],
            [operation.Id, RedisNames.ExpiryScore(_time.GetUtcNow())]).ConfigureAwait(false);
        if (double.TryParse((string?)replaced, NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
        {
            operation.ReplacedIndexScore = score;
        }
    }

    // Returns the score it replaced, or '' when there was none or it kept a live one.
    private const string MarkRunningScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if score and (score == 'inf' or tonumber(score) > tonumber(ARGV[2])) then
          return ''
        end
        redis.call('ZADD', KEYS[1], '+inf', ARGV[1])
        return score or ''
        """;

    // A start sent alone replaced an earlier run's entry that looked expired (clocks differ), and the first write then found
    // that run's stream: its entry gets its score back, only lowered from this run's +inf, never raised over a newer one.
    private async Task PutBackIndexScoreAsync(PublishedOperation operation)
    {
        if (operation.ReplacedIndexScore is { } score)
        {
            await _database.SortedSetAddAsync(_names.Index, operation.Id, score, SortedSetWhen.LessThan).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes again, from the tracker's history, the acknowledged statuses after <paramref name="top"/> (where the stream
    /// ends now) that the stream no longer holds, and reports those the history no longer holds either.
    /// </summary>
    private async Task RefillAsync(PublishedOperation operation, long top)
    {
        var stream = _names.Stream(operation.Id);
        var confirmed = operation.Confirmed;
        var reset = operation.LastReset;
        var missing = new List<ChatStatus>();
        if (reset is not null && reset.Sequence > top && reset.Sequence <= confirmed)
        {
            missing.Add(reset);
        }

        var since = Math.Max(top, reset?.Sequence ?? 0);
        missing.AddRange(operation.Tracker.History.Where(s => s.Sequence > since && s.Sequence <= confirmed));
        if (missing.Count > 0)
        {
            await _appender.AppendAsync(stream, 0, [.. missing.Select(Entries.ForStatus)]).ConfigureAwait(false);
            _ = _database.PublishAsync(_names.Appends(operation.Id), confirmed, CommandFlags.FireAndForget);
        }

        // What neither the stream nor the history holds: from the stream's end to the first status written again (or to
        // the last acknowledged one). A reset marker written again starts the operation over: what came before it is not missed.
        var firstHeld = missing.Count > 0 ? missing[0].Sequence : confirmed + 1;
        var lostFrom = top + 1;
        var lost = missing.Count > 0 && missing[0].IsReset ? 0 : firstHeld - lostFrom;
        if (lost > 0)
        {
            _errors.Report(new RedisStatusError(
                RedisStatusErrorKind.StatusesLost,
                $"Redis lost statuses {lostFrom}..{firstHeld - 1} of '{operation.Id}' after acknowledging them, and the tracker no longer holds them; {(missing.Count > 0 ? $"the {missing.Count} after them were written again" : "nothing was left to write again")}. Readers report the hole.",
                _time.GetUtcNow()) { OperationId = operation.Id, Count = lost });
        }
    }
}

/// <summary>An operation whose write Redis refused for good, and when.</summary>
internal sealed record Refusal(string OperationId, DateTimeOffset At);
