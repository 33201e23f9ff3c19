using System.Buffers;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// Bytes gathered before one write: a connection encodes a batch of events here and hands it to the response in a
/// single call, instead of taking the server's output lock for every small piece of every event. The array comes
/// from the shared pool and goes back at <see cref="Release"/>, so an idle connection holds no buffer.
/// Not thread-safe: one connection's writer owns it.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int FirstSize = 4 * 1024;

    private byte[] _buffer = [];
    private int _written;

    /// <summary>How many bytes were written since the last <see cref="Release"/>.</summary>
    public int WrittenCount => _written;

    /// <summary>The bytes written since the last <see cref="Release"/>; valid until the next write or release.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException($"Cannot advance {count} bytes past the end of the buffer ({_buffer.Length - _written} left).");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets what was written and gives the array back to the pool.</summary>
    public void Release()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(checked(_written + needed), Math.Max(FirstSize, 2 * _buffer.Length)));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
