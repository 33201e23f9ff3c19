using System.Buffers;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A growable byte buffer that refuses to hold more than a limit: writing past it throws and sets
/// <see cref="Exceeded"/>, so a status too large for the wire is noticed after writing about the limit, not after
/// serializing a payload of any size into memory.
/// </summary>
internal sealed class LimitedBufferWriter(int initialCapacity) : IBufferWriter<byte>
{
    // Past this, a thread's buffer is dropped after use rather than kept for the next status.
    private const int RetainedCapacity = 64 * 1024;

    // A JSON writer asks room for the worst case of what it writes next (3 bytes per char of a string), and
    // usually uses less. Asks up to this many times what the limit leaves are handed out; the limit itself is
    // enforced on what is actually written (Advance).
    private const int WorstCaseFactor = 3;

    private byte[] _buffer = new byte[initialCapacity];
    private int _written;
    private int _limit = int.MaxValue;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>Whether the last write passed the limit (the buffer's content is then incomplete).</summary>
    public bool Exceeded { get; private set; }

    public bool IsOversized => _buffer.Length > RetainedCapacity;

    public void Reset(int limit)
    {
        _written = 0;
        _limit = limit;
        Exceeded = false;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException("Advanced past the memory handed out.");
        }

        if (count > _limit - _written)
        {
            Exceed();
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var room = Room(sizeHint); // first: it may replace the array
        return _buffer.AsMemory(_written, room);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var room = Room(sizeHint);
        return _buffer.AsSpan(_written, room);
    }

    private int Room(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        var left = _limit - _written;
        if (needed > left && (needed - 8) / WorstCaseFactor > left)
        {
            // Even at its best the next write cannot fit.
            Exceed();
        }

        if (needed > _buffer.Length - _written)
        {
            var grown = Math.Max((long)_buffer.Length * 2, (long)_written + needed);
            Array.Resize(ref _buffer, (int)Math.Min(grown, Array.MaxLength));
        }

        return _buffer.Length - _written;
    }

    private void Exceed()
    {
        Exceeded = true;
        throw new InvalidOperationException("The encoded status would pass its size limit.");
    }
}
