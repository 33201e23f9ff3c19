using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Appends a run of entries to one stream in one server-side step, only if the stream still holds what this
/// publisher last wrote there. Entry ids are sequence numbers, and a stream only accepts ids above its top, so
/// an entry missing in the middle could never be put back: a Redis that lost what it acknowledged (restarted empty, or
/// a replica promoted before it had everything) must be refilled before anything newer goes in. The script checks that
/// (the stream's top is at or past <c>expected</c>, and when given, that the stream begins with the expected head
/// entry), skips entries already there (a write repeated after an unclear failure), <c>XADD</c>s the rest, each with its
/// <c>after</c> field when it has one, and trims the stream (<c>MAXLEN ~</c>).
/// </summary>
internal sealed class StreamAppender(IDatabaseAsync database, int maxStreamLength)
{
    // KEYS[1] stream; ARGV[1] expected top id ('' for an operation's first write); ARGV[2] max length; ARGV[3..5] the
    // expected head entry's id, field and value (id '' for none); then (id, field, value, after or '') per entry.
    // Returns { 1, top } when appended (top: the stream's top id after), { 0, top } when the stream is behind expected
    // or begins otherwise, { 2, top, its field, its value, its second value or '' } when a first write finds entries not
    // its own.
    // The stream is trimmed once per call rather than per XADD (the script runs alone, so no reader sees it longer),
    // and globals are read once: this script is most of Redis's work for a publisher.
    private const string Script = """
        local argv, key, call = ARGV, KEYS[1], redis.call
        local function parse(id)
          local ms, seq = string.match(id, '^(%d+)-(%d+)$')
          return tonumber(ms), tonumber(seq)
        end
        local function firstEntry()
          return call('XRANGE', key, '-', '+', 'COUNT', 1)[1]
        end
        -- Whether the entry given at argv[i] (id, field, value) is the stream's first entry, head.
        local function isHead(head, i)
          return head ~= nil and argv[i] == head[1] and argv[i + 1] == head[2][1] and argv[i + 2] == head[2][2]
        end
        local top = call('XREVRANGE', key, '+', '-', 'COUNT', 1)
        local topId = top[1] and top[1][1] or '0-0'
        local tm, ts = parse(topId)
        local firstWrite = argv[1] == ''
        local em, es = 0, 0
        if not firstWrite then
          em, es = parse(argv[1])
        end
        if tm < em or (tm == em and ts < es) then
          return { 0, topId }
        end
        -- A share sent behind an operation's unanswered first write: the stream must begin with that write's first entry,
        -- else the first write found another run's stream (and wrote nothing), whose top may well be past expected.
        if argv[3] ~= '' and not isHead(firstEntry(), 3) then
          return { 0, topId }
        end
        local n = #argv
        if n < 6 then
          return { 1, topId }
        end
        -- An operation's first write: the stream is empty, or begins with one of this write's entries (an earlier
        -- attempt whose answer was lost, trimmed since); anything else is told with the top entry, so the writer can
        -- see whether it is still this run's (published before, by another publisher) or another run's under the id.
        if firstWrite and top[1] then
          local head = firstEntry()
          local own = false
          for i = 6, n, 4 do
            if argv[i] == head[1] then
              own = isHead(head, i)
              break
            end
          end
          if not own then
            return { 2, topId, top[1][2][1], top[1][2][2], top[1][2][4] or '' }
          end
        end
        -- Usually all of them are new (ids ascend), and no entry needs a check of its own.
        local fm, fs = parse(argv[6])
        local allNew = fm > tm or (fm == tm and fs > ts)
        local added = false
        for i = 6, n, 4 do
          local id = argv[i]
          local new = allNew
          if not allNew then
            local im, is = parse(id)
            new = im > tm or (im == tm and is > ts)
            if new then
              tm, ts = im, is
            end
          end
          if new then
            local after = argv[i + 3]
            if after == '' then
              call('XADD', key, id, argv[i + 1], argv[i + 2])
            else
              -- The fourth value is a status's 'after', or a completion's time ('at').
              call('XADD', key, id, argv[i + 1], argv[i + 2], argv[i + 1] == 'completed' and 'at' or 'after', after)
            end
            topId, added = id, true
          end
        end
        if added then
          call('XTRIM', key, 'MAXLEN', '~', argv[2])
        end
        return { 1, topId }
        """;

    // What the script takes for "none" (no after field, no expected head).
    private static readonly RedisValue None = RedisValue.EmptyString;
    private readonly RedisValue _maxLength = maxStreamLength;

    /// <summary>How many entries one script call carries at most: Redis runs a script alone, so it is kept short.</summary>
    public const int ChunkSize = 256;

    /// <summary>
    /// Appends entries in chunks, each issued as soon as it is serialized and none awaited before the last is issued
    /// (pipelined: Redis works on one chunk while the next is being prepared). The first chunk expects the stream's
    /// top at or past <paramref name="expectedTop"/>, each later one the previous chunk's last id, so if one is
    /// refused every later one is refused too, and nothing lands past a gap. With no entries, only checks.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="expectedTop">The sequence the stream's top must be at or past (0: any stream, even a missing one).</param>
    /// <param name="entries">The entries in ascending id order (a share's: see <see cref="PendingWrite.OperationWrite"/>).</param>
    /// <returns>Whether every chunk was appended (or was there already), and else the sequence the stream ends at.</returns>
    public Task<AppendResult> AppendAsync(RedisKey stream, long expectedTop, IReadOnlyList<StreamWrite> entries) =>
        AppendAsync(stream, RedisNames.StatusEntryId(expectedTop), entries);

    /// <summary>As the other overload, with the entry id the stream's top must be at or past.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="expectedTopId">The entry id the stream's top must be at or past (<see cref="RedisNames.FirstWrite"/>: an operation's first write).</param>
    /// <param name="entries">The entries in ascending id order.</param>
    /// <param name="expectedHead">
    /// The entry the stream must begin with (its id, field and value), for entries sent behind an operation's unanswered
    /// first write: that write's first entry. <see langword="null"/>: no such check.
    /// </param>
    public async Task<AppendResult> AppendAsync(RedisKey stream, RedisValue expectedTopId, IReadOnlyList<StreamWrite> entries, StreamWrite? expectedHead = null)
    {
        var expected = expectedTopId;
        if (entries.Count == 0)
        {
            return await AppendChunkAsync(stream, expected, expectedHead, entries, 0, 0).ConfigureAwait(false);
        }

        // An operation's first write checks that the stream is this run's with its first chunk; its later chunks, sent
        // before that answer, check that the stream begins with its first entry.
        var firstWrite = expected == RedisNames.FirstWrite;
        var head = firstWrite && entries.Count > ChunkSize ? entries[0] : expectedHead;
        var chunks = new Task<AppendResult>[((entries.Count - 1) / ChunkSize) + 1];
        var issued = 0;
        try
        {
            for (var start = 0; start < entries.Count; start += ChunkSize)
            {
                var length = Math.Min(ChunkSize, entries.Count - start);
                chunks[issued++] = AppendChunkAsync(stream, expected, firstWrite && start == 0 ? null : head, entries, start, length);
                expected = entries[start + length - 1].Id;
            }
        }
        catch (Exception)
        {
            // An entry that cannot be made (its status does not serialize): the chunks already with Redis are awaited, so
            // none goes unobserved, and the failure is the share's.
            await ((Task)Task.WhenAll(chunks.Take(issued))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // Every chunk awaited even after one failed, so no failure goes unobserved; the first refusal says where the stream ends.
        var results = await Task.WhenAll(chunks).ConfigureAwait(false);
        var refused = Array.FindIndex(results, static r => !r.Appended);
        if (refused > 0 && firstWrite && results[0].Appended)
        {
            // The first chunk found the stream this run's, beginning with a later entry of this write (an earlier attempt,
            // trimmed since), or the write trimmed its own head: the rest go in turn, each after the one before.
            return await AppendInTurnAsync(stream, entries, refused).ConfigureAwait(false);
        }

        return refused < 0 ? results[^1] : results[refused];
    }

    private async Task<AppendResult> AppendInTurnAsync(RedisKey stream, IReadOnlyList<StreamWrite> entries, int fromChunk)
    {
        var start = fromChunk * ChunkSize;
        var expected = entries[start - 1].Id;
        AppendResult result = null!;
        for (; start < entries.Count; start += ChunkSize)
        {
            var length = Math.Min(ChunkSize, entries.Count - start);
            result = await AppendChunkAsync(stream, expected, null, entries, start, length).ConfigureAwait(false);
            if (!result.Appended)
            {
                return result;
            }

            expected = entries[start + length - 1].Id;
        }

        return result;
    }

    private async Task<AppendResult> AppendChunkAsync(
        RedisKey stream, RedisValue expectedTop, StreamWrite? expectedHead, IReadOnlyList<StreamWrite> entries, int start, int length)
    {
        var values = new RedisValue[5 + (length * 4)];
        values[0] = expectedTop;
        values[1] = _maxLength;
        (values[2], values[3], values[4]) = expectedHead is { } head ? (head.Id, head.Field, head.Value) : (None, None, None);
        for (int e = start, i = 5; e < start + length; e++)
        {
            var entry = entries[e];
            values[i++] = entry.Id;
            values[i++] = entry.Field;
            values[i++] = entry.Value;
            values[i++] = entry.After.IsNull ? None : entry.After;
        }

        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Script, [stream], values).ConfigureAwait(false))!;
        var outcome = (int)result[0];
        return outcome == 2
            ? new AppendResult(false, RedisNames.SequenceOf((string?)result[1]), Taken: true) { TopField = (RedisValue)result[2], TopValue = (RedisValue)result[3], TopSecond = (RedisValue)result[4] }
            : new AppendResult(outcome == 1, RedisNames.SequenceOf((string?)result[1]));
    }
}

/// <summary>What an append of <see cref="StreamAppender"/> did.</summary>
/// <param name="Appended">Whether the entries are in the stream (or, with none, whether the stream holds what was expected).</param>
/// <param name="Top">The sequence of the stream's last entry (0 when it is empty or missing).</param>
/// <param name="Taken">
/// An operation's first write found entries that are not its own earlier attempt's: nothing was written, and
/// <see cref="TopField"/> and <see cref="TopValue"/> tell the stream's top entry, to see whether it is this run's.
/// </param>
internal sealed record AppendResult(bool Appended, long Top, bool Taken = false)
{
    /// <summary>When <see cref="Taken"/>: the field of the stream's top entry.</summary>
    public RedisValue TopField { get; init; }

    /// <summary>When <see cref="Taken"/>: the value of the stream's top entry.</summary>
    public RedisValue TopValue { get; init; }

    /// <summary>When <see cref="Taken"/>: the value of the top entry's second field (a completion's time), or empty.</summary>
    public RedisValue TopSecond { get; init; }
}

/// <summary>
/// One entry for <see cref="StreamAppender"/> (a status's: see <see cref="EntryEncoder"/>). <paramref name="After"/>, when
/// not null, is the sequence of the writer's previous entry in the stream, written as the <c>after</c> field when the
/// entry does not directly follow it (a jump made on purpose, which readers must not report as a hole); on a completion
/// entry, the time the operation ended, written as the <c>at</c> field.
/// </summary>
internal readonly record struct StreamWrite(RedisValue Id, RedisValue Field, RedisValue Value, RedisValue After = default)
{
    /// <summary>The entry that ends an operation after <paramref name="lastSequence"/>, with when it ended if known.</summary>
    public static StreamWrite ForCompletion(long lastSequence, DateTimeOffset? completedAt) =>
        new(RedisNames.CompletionEntryId(lastSequence), RedisNames.CompletedField, lastSequence, completedAt is { } at ? RedisNames.Time(at) : default);
}
