using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Appends a run of entries to one stream in one server-side step, only if the stream still holds what this
/// publisher last wrote there. Entry ids are sequence numbers, and a stream only accepts ids above its top, so
/// an entry missing in the middle could never be put back: a Redis that restarted empty must be refilled before
/// anything newer goes in. The script checks that (the stream's top is at or past <c>expected</c>), skips entries
/// already there (a write repeated after an unclear failure), and <c>XADD</c>s the rest with <c>MAXLEN ~</c>.
/// </summary>
internal sealed class StreamAppender(IDatabaseAsync database, int maxStreamLength)
{
    // KEYS[1] stream; ARGV[1] expected top id; ARGV[2] max length; then (id, field, value) per entry.
    // Returns { 1, top } when appended (top: the stream's top id after), { 0, top } when the stream is behind expected
    // (the top is for reading the script's answer by hand, in redis-cli or MONITOR).
    private const string Script = """
        local function parse(id)
          local ms, seq = string.match(id, '^(%d+)-(%d+)$')
          return tonumber(ms), tonumber(seq)
        end
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        local topId = top[1] and top[1][1] or '0-0'
        local tm, ts = parse(topId)
        local em, es = parse(ARGV[1])
        if tm < em or (tm == em and ts < es) then
          return { 0, topId }
        end
        if #ARGV < 3 then
          return { 1, topId }
        end
        local fm, fs = parse(ARGV[3])
        if fm > tm or (fm == tm and fs > ts) then
          -- The usual case: all of them are new (ids ascend), so no check per entry.
          for i = 3, #ARGV, 3 do
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], ARGV[i + 1], ARGV[i + 2])
          end
          return { 1, ARGV[#ARGV - 2] }
        end
        for i = 3, #ARGV, 3 do
          local im, is = parse(ARGV[i])
          if im > tm or (im == tm and is > ts) then
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], ARGV[i + 1], ARGV[i + 2])
            tm, ts, topId = im, is, ARGV[i]
          end
        end
        return { 1, topId }
        """;

    private readonly RedisValue _maxLength = maxStreamLength;

    /// <summary>How many entries one script call carries at most: Redis runs a script alone, so it is kept short.</summary>
    public const int ChunkSize = 256;

    /// <summary>
    /// Appends entries in chunks, each issued as soon as it is serialized and none awaited before the last is issued
    /// (pipelined: Redis works on one chunk while the next is being prepared). The first chunk expects the stream's
    /// top at or past <paramref name="expectedTop"/>, each later one the previous chunk's last id, so if one is
    /// refused every later one is refused too, and nothing lands past a gap.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="expectedTop">The sequence the stream's top must be at or past (0: any stream, even a missing one).</param>
    /// <param name="entries">The entries in ascending id order, possibly made on demand (see <see cref="PendingWrite.OperationWrite"/>).</param>
    /// <returns>Whether every chunk was appended (or was there already).</returns>
    public async Task<bool> AppendAsync(RedisKey stream, long expectedTop, IReadOnlyList<StreamWrite> entries)
    {
        var chunks = new List<Task<bool>>((entries.Count / ChunkSize) + 1);
        var expected = RedisNames.StatusEntryId(expectedTop);
        for (var start = 0; start < entries.Count; start += ChunkSize)
        {
            var chunk = new StreamWrite[Math.Min(ChunkSize, entries.Count - start)];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = entries[start + i];
            }

            chunks.Add(AppendChunkAsync(stream, expected, chunk));
            expected = chunk[^1].Id;
        }

        // Every chunk awaited even after one failed, so no failure goes unobserved.
        var appended = await Task.WhenAll(chunks).ConfigureAwait(false);
        return Array.TrueForAll(appended, a => a);
    }

    private async Task<bool> AppendChunkAsync(RedisKey stream, RedisValue expectedTop, StreamWrite[] entries)
    {
        var values = new RedisValue[2 + (entries.Length * 3)];
        values[0] = expectedTop;
        values[1] = _maxLength;
        var i = 2;
        foreach (var entry in entries)
        {
            values[i++] = entry.Id;
            values[i++] = entry.Field;
            values[i++] = entry.Value;
        }

        var result = (RedisResult[])(await database.ScriptEvaluateAsync(Script, [stream], values).ConfigureAwait(false))!;
        return (int)result[0] == 1;
    }
}

/// <summary>One entry for <see cref="StreamAppender"/> (a status's: see <see cref="EntryEncoder"/>).</summary>
internal readonly record struct StreamWrite(RedisValue Id, RedisValue Field, RedisValue Value)
{
    public static StreamWrite ForCompletion(long lastSequence) =>
        new(RedisNames.CompletionEntryId(lastSequence), RedisNames.CompletedField, lastSequence);
}
