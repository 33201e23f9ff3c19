using System.Buffers;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The one place stream entries are decoded, for every reader (<see cref="RedisStatusSource.Observe"/>, the mirror):
/// a plain status in <c>status</c>, a compressed one in its codec's field (<c>status.br</c>, <c>status.gz</c>, inflated
/// within <see cref="StatusJson.MaxInputBytes"/>), or the completion marker in <c>completed</c>. Anything else, a codec
/// this reader does not know included, is malformed, with the reason.
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
