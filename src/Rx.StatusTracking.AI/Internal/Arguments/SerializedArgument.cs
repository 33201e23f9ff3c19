using System.Buffers;
using System.Text.Json;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Copies an argument value of a type the copy does not walk itself (a POCO, a set, a sequence): as the JSON it
/// serializes to with <see cref="StatusJson.Options"/>, the way a status would carry it, its names then checked like
/// any JSON's. What the object holds is therefore recorded as it was when the call was recorded, and its secret-named
/// properties hidden.
/// </summary>
internal static class SerializedArgument
{
    /// <summary>
    /// The value's JSON, redacted, or <see langword="null"/> when it would take more bytes than are left of the call's
    /// <see cref="ArgumentCopy.MaxBytes"/>; throws what the serializer throws (a cycle, a type it refuses, a getter that
    /// throws). The JSON written is counted against that budget (see <see cref="JsonArgumentCopy"/>); writing that
    /// stopped for lack of room spends the rest of it.
    /// </summary>
    public static JsonElement? Copy(object value, int level, ref ArgumentWalk walk)
    {
        // Writing stops at what is left: an object graph whose parts are shared can serialize to far more than it
        // holds, and one object repeated in a list is serialized at each place.
        var room = walk.RemainingBytes;
        if (room == 0)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(room);
        try
        {
            using var stream = new FixedStream(buffer, room);
            try
            {
                // The stream overload writes in chunks as it goes, so the fixed stream stops it near the limit.
                JsonSerializer.Serialize(stream, value, StatusJson.Options.GetTypeInfo(value.GetType()));
            }
            catch (Exception)
            {
                // The writing was done, so it is counted: an object that fails again and again still fails within
                // the budget. One that ran out of room leaves none for the next.
                walk.RemainingBytes = stream.Full ? 0 : room - (int)stream.Position;
                if (stream.Full)
                {
                    return null;
                }

                throw;
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
