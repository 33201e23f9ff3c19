using System.Buffers;
using System.Text.Json;

namespace Rx.StatusTracking.AI;

/// <summary>
/// Copies an argument value of a type the copy does not walk itself (a POCO, a set, a sequence): as the JSON it
/// serializes to with <see cref="StatusJson.Options"/>, the way a status would carry it, its names then checked like
/// any JSON's. What the object holds is therefore recorded as it was when the call was recorded, and its secret-named
/// properties hidden.
/// </summary>
internal static class SerializedArgument
{
    // Writing stops here: no status larger than this can be sent or read (StatusJson.MaxInputBytes), and an object graph
    // whose parts are shared can serialize to far more than it holds.
    private const int MaxBytes = StatusJson.MaxInputBytes;

    /// <summary>
    /// The value's JSON, redacted, or <see langword="null"/> when it would take more than <see cref="MaxBytes"/>; throws
    /// what the serializer throws (a cycle, a type it refuses, a getter that throws).
    /// </summary>
    public static JsonElement? Copy(object value, int level, ref ArgumentWalk walk)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes);
        try
        {
            using var stream = new FixedStream(buffer, MaxBytes);
            try
            {
                // The stream overload writes in chunks as it goes, so the fixed stream stops it near the limit.
                JsonSerializer.Serialize(stream, value, StatusJson.Options.GetTypeInfo(value.GetType()));
            }
            catch (Exception) when (stream.Full)
            {
                return null;
            }

            var reader = new Utf8JsonReader(buffer.AsSpan(0, (int)stream.Position));
            var element = JsonElement.ParseValue(ref reader);
            return JsonArgumentCopy.Copy(element, level, ref walk);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A stream over a fixed array that says when a write did not fit (the write then throws).</summary>
    private sealed class FixedStream(byte[] buffer, int length) : MemoryStream(buffer, 0, length, writable: true)
    {
        public bool Full { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Full |= count > Capacity - Position;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Full |= buffer.Length > Capacity - Position;
            base.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            Full |= Position >= Capacity;
            base.WriteByte(value);
        }
    }
}
