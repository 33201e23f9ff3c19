using System.Buffers;
using System.Text;

namespace Rx.StatusTracking.Client.Internal;

/// <summary>
/// Reads a <c>text/event-stream</c> as the SSE specification parses it (lines ending in CR, LF or CRLF; <c>data</c>,
/// <c>event</c> and <c>id</c> fields; a blank line dispatches; an event the stream ends in the middle of is dropped),
/// straight from the bytes, with bounded memory: data past <c>maxDataBytes</c> is counted, not kept.
/// </summary>
internal sealed class ServerSentEventReader(Stream stream, int maxDataBytes, Action onBytes)
{
    private const int ReadSize = 16 * 1024;

    // Room for a field name and its colon besides the data a line may carry.
    private const int LineMargin = 64;

    private readonly byte[] _buffer = new byte[ReadSize];
    private readonly ArrayBufferWriter<byte> _line = new();
    private readonly ArrayBufferWriter<byte> _data = new();
    private int _start;
    private int _end;
    private bool _pastFirstLine;
    private bool _ended;
    private bool _skipLineFeed;
    private bool _lineTooLong;
    private bool _dataTooLarge;
    private bool _dispatched;
    private string? _type;
    private string? _lastId;

    /// <summary>The next event or comment; <see langword="null"/> when the stream ended.</summary>
    public async ValueTask<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadEvent(out var next))
            {
                return next;
            }

            if (_ended)
            {
                return null;
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            _start = 0;
            _end = read;
            if (read == 0)
            {
                _ended = true;
                continue;
            }

            onBytes();
        }
    }

    private bool TryReadEvent(out ServerSentEvent next)
    {
        if (_dispatched)
        {
            // The previous event's data was the caller's until now.
            _dispatched = false;
            _data.ResetWrittenCount();
            _dataTooLarge = false;
            _type = null;
        }

        while (TryTakeLine(out var line, out var tooLong))
        {
            if (line.IsEmpty && !tooLong)
            {
                if (Dispatch(out next))
                {
                    return true;
                }
            }
            else if (line[0] == (byte)':')
            {
                next = new ServerSentEvent("", _lastId, ReadOnlyMemory<byte>.Empty, DataTooLarge: false, IsComment: true);
                return true;
            }
            else
            {
                Field(line, tooLong);
            }
        }

        next = default;
        return false;
    }

    // A whole line from the buffer (joined with what earlier reads left of it); false when the buffer holds no line end.
    private bool TryTakeLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        if (_skipLineFeed && _start < _end)
        {
            _skipLineFeed = false;
            if (_buffer[_start] == (byte)'\n')
            {
                _start++;
            }
        }

        var rest = _buffer.AsSpan(_start, _end - _start);
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            Keep(rest);
            _start = _end;
            line = default;
            tooLong = false;
            return false;
        }

        _skipLineFeed = rest[end] == (byte)'\r';
        _start += end + 1;
        if (_line.WrittenCount == 0)
        {
            line = rest[..end];
        }
        else
        {
            // The span stays valid: ResetWrittenCount keeps the memory, and nothing writes to it before the caller is done.
            Keep(rest[..end]);
            line = _line.WrittenSpan;
            _line.ResetWrittenCount();
        }

        tooLong = _lineTooLong;
        _lineTooLong = false;
        if (!_pastFirstLine)
        {
            // One byte order mark may start the stream.
            _pastFirstLine = true;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        return true;
    }

    private void Keep(ReadOnlySpan<byte> part)
    {
        var room = maxDataBytes + LineMargin - _line.WrittenCount;
        if (part.Length > room)
        {
            _lineTooLong = true;
            part = part[..Math.Max(room, 0)];
        }

        _line.Write(part);
    }

    private void Field(ReadOnlySpan<byte> line, bool tooLong)
    {
        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? default : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (name.SequenceEqual("data"u8))
        {
            // The newline written after each line only separates it from the next: the last one is dropped at dispatch.
            if (tooLong || _data.WrittenCount + value.Length > maxDataBytes)
            {
                _dataTooLarge = true;
                return;
            }

            _data.Write(value);
            _data.Write("\n"u8);
        }
        else if (name.SequenceEqual("event"u8) && !tooLong)
        {
            // An empty type is the default one, as the specification says.
            _type = value.IsEmpty ? null : Encoding.UTF8.GetString(value);
        }
        else if (name.SequenceEqual("id"u8) && !tooLong && !value.Contains((byte)0))
        {
            _lastId = Encoding.UTF8.GetString(value);
        }

        // retry: and unknown fields are ignored (the client's own backoff decides when to reconnect).
    }

    private bool Dispatch(out ServerSentEvent next)
    {
        if (_data.WrittenCount == 0 && !_dataTooLarge)
        {
            // No data: nothing to dispatch, and the event type is forgotten.
            _type = null;
            next = default;
            return false;
        }

        var data = _data.WrittenMemory;
        if (!data.IsEmpty)
        {
            data = data[..^1];
        }

        next = new ServerSentEvent(_type ?? "message", _lastId, data, _dataTooLarge, IsComment: false);
        _dispatched = true;
        return true;
    }
}
