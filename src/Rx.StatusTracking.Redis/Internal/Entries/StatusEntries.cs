using System.Buffers;
using System.Globalization;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The one place stream entries are decoded, for every reader (<see cref="RedisStatusSource.Observe"/>, the mirror):
/// a plain status in <c>status</c>, a compressed one in its codec's field (<c>status.br</c>, <c>status.gz</c>, inflated
/// within <see cref="StatusJson.MaxInputBytes"/>), or the completion marker in <c>completed</c>. Anything else, a codec
/// this reader does not know included, is malformed, with the reason. Also where each entry says which sequence came
/// before it (<see cref="Previous"/>, <see cref="CompletedAt"/>), so a reader tells a hole from a declared jump.
/// </summary>
internal static class StatusEntries
{
    /// <summary>Reads an entry.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="status">The status, for <see cref="EntryKind.Status"/>.</param>
    /// <param name="problem">Why it is not a status, for <see cref="EntryKind.Malformed"/>.</param>
    public static EntryKind Read(StreamEntry entry, out ChatStatus? status, out string? problem)
    {
        foreach (var field in entry.Values)
        {
            if (field.Name == RedisNames.StatusField)
            {
                return Decode(((byte[])field.Value!).AsSpan(), out status, out problem);
            }

            if (StatusCodec.ForField(field.Name) is { } codec)
            {
                return Inflate(codec, (byte[])field.Value!, out status, out problem);
            }

            if (UnknownCodec(field.Name) is { } name)
            {
                status = null;
                problem = $"it is compressed with '{name}', a codec this reader does not know (it reads '{RedisNames.StatusField}', '{StatusCodec.Brotli.Field}' and '{StatusCodec.GZip.Field}')";
                return EntryKind.Malformed;
            }
        }

        status = null;
        problem = entry[RedisNames.CompletedField].IsNull ? "it has neither a 'status' nor a 'completed' field" : null;
        return problem is null ? EntryKind.Completion : EntryKind.Malformed;
    }

    /// <summary>
    /// The sequence a status entry says came directly before it: its <c>after</c> field (a jump its writer made on purpose),
    /// or <paramref name="sequence"/> - 1 without one. An <c>after</c> that is not a whole number from 0 to
    /// <paramref name="sequence"/> - 1 is ignored, as if absent: the status itself is sound, and the reader then reports
    /// the sequences it did not read as missing rather than trusting a field it cannot read.
    /// </summary>
    /// <param name="entry">A status entry.</param>
    /// <param name="sequence">Its status's sequence.</param>
    public static long Previous(StreamEntry entry, long sequence)
    {
        var after = entry[RedisNames.AfterField];
        return !after.IsNull && long.TryParse((string?)after, NumberStyles.None, CultureInfo.InvariantCulture, out var previous) && previous < sequence
            ? previous
            : sequence - 1;
    }

    /// <summary>
    /// The last sequence a completion entry names (its <c>completed</c> field), or the sequence of its id when that field
    /// is not a whole number.
    /// </summary>
    /// <param name="entry">A completion entry.</param>
    public static long CompletedAt(StreamEntry entry) =>
        long.TryParse((string?)entry[RedisNames.CompletedField], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : RedisNames.SequenceOf((string?)entry.Id);

    /// <summary>
    /// When the operation a completion entry ends ended (its <c>at</c> field); null when the entry has none (written before
    /// the field came) or it is not a round-trip time, and the reader ends the operation at its own time.
    /// </summary>
    /// <param name="entry">A completion entry.</param>
    public static DateTimeOffset? CompletionTime(StreamEntry entry) =>
        DateTimeOffset.TryParseExact((string?)entry[RedisNames.CompletedAtField], "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    /// <summary>The codec's name of a <c>status.{name}</c> field no codec here has; null for any other field.</summary>
    private static string? UnknownCodec(RedisValue field)
    {
        if (!field.StartsWith(StatusCodec.FieldPrefix))
        {
            return null;
        }

        var name = (string?)field ?? "";
        return name.Length > StatusCodec.FieldPrefix.Length ? name[StatusCodec.FieldPrefix.Length..] : null;
    }

    private static EntryKind Inflate(StatusCodec codec, byte[] compressed, out ChatStatus? status, out string? problem)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(StatusJson.MaxInputBytes);
        try
        {
            if (!codec.TryInflate(compressed, buffer.AsSpan(0, StatusJson.MaxInputBytes), out var length, out problem))
            {
                status = null;
                return EntryKind.Malformed;
            }

            return Decode(buffer.AsSpan(0, length), out status, out problem);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static EntryKind Decode(ReadOnlySpan<byte> json, out ChatStatus? status, out string? problem)
    {
        if (!StatusJson.TryDeserialize(json, out status, out problem))
        {
            return EntryKind.Malformed;
        }

        if (status.Sequence > 0)
        {
            return EntryKind.Status;
        }

        status = null;
        problem = "the status has no sequence";
        return EntryKind.Malformed;
    }
}
