using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// The events of one run, in order, each encoded once: the run's producers append, and each connection reading the run
/// (the one that started it, and any that resume it with <c>Last-Event-ID</c>) reads from its own position. An event's
/// SSE id is its position (1, 2, 3…). Ends with one terminal event (<c>RUN_FINISHED</c> or <c>RUN_ERROR</c>); nothing is
/// appended after it. Holds at most <c>maxEvents</c> events and <c>maxBytes</c> bytes of encoded events besides the
/// terminal one: past either, that append and every later one but the terminal event are refused (no gap in what is
/// sent), and <see cref="Overflowed"/> fires once (<see cref="TooLarge"/> says which limit it was).
/// </summary>
internal sealed class RunLog(int maxEvents, long maxBytes)
{
    // Text as it is (an event is SSE data, never HTML): only what JSON requires is escaped, newlines included.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly List<byte[]> _events = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bytes;
    private bool _terminated;
    private bool _overflowed;
    private bool _tooLarge;
    private int _readers;

    // Bumped by every reader that comes: a resume window started before it is no longer the one that counts.
    private long _readerGeneration;

    /// <summary>Raised once, on the appending thread, when an event was refused because the log is full.</summary>
    public event Action? Overflowed;

    /// <summary>
    /// Raised (outside the lock) when the last connection reading the run left while the run was still going, with the
    /// reader generation at that moment (see <see cref="IsStillAbandoned"/>).
    /// </summary>
    public event Action<long>? Abandoned;

    /// <summary>Whether the refused event was over the byte limit (rather than the event count); set before <see cref="Overflowed"/>.</summary>
    public bool TooLarge
    {
        get
        {
            lock (_gate)
            {
                return _tooLarge;
            }
        }
    }

    /// <summary>Completes when the terminal event is appended.</summary>
    public Task Ended => _ended.Task;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Appends an event: a JSON object with <c>type</c> first, then what <paramref name="write"/> writes.</summary>
    public bool Append(string type, Action<Utf8JsonWriter>? write = null) => Append(type, write, terminal: false);

    /// <summary>Appends the run's last event; every later append is refused.</summary>
    public bool AppendTerminal(string type, Action<Utf8JsonWriter> write) => Append(type, write, terminal: true);

    public void AddReader()
    {
        lock (_gate)
        {
            _readers++;
            _readerGeneration++;
        }
    }

    public void RemoveReader()
    {
        bool abandoned;
        long generation;
        lock (_gate)
        {
            _readers--;
            abandoned = _readers == 0 && !_terminated;
            generation = _readerGeneration;
        }

        if (abandoned)
        {
            Abandoned?.Invoke(generation);
        }
    }

    /// <summary>
    /// Whether nobody has read the run since it was abandoned at <paramref name="generation"/>: no reader now, and none
    /// came (and left) meanwhile.
    /// </summary>
    public bool IsStillAbandoned(long generation)
    {
        lock (_gate)
        {
            return _readers == 0 && _readerGeneration == generation;
        }
    }

    /// <summary>
    /// Adds the events after position <paramref name="after"/> to <paramref name="into"/>; says whether the log has ended
    /// and gives the task that completes at the next change.
    /// </summary>
    public void ReadAfter(long after, List<byte[]> into, out bool ended, out Task changed)
    {
        lock (_gate)
        {
            for (var i = (int)Math.Min(after, _events.Count); i < _events.Count; i++)
            {
                into.Add(_events[i]);
            }

            ended = _terminated;
            changed = _changed.Task;
        }
    }

    private bool Append(string type, Action<Utf8JsonWriter>? write, bool terminal)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            write?.Invoke(writer);
            writer.WriteEndObject();
        }

        TaskCompletionSource changed;
        var overflowed = false;
        lock (_gate)
        {
            if (_terminated)
            {
                return false;
            }

            var tooLarge = _bytes + buffer.WrittenCount > maxBytes;
            if (!terminal && (_overflowed || _events.Count >= maxEvents || tooLarge))
            {
                overflowed = !_overflowed;
                if (overflowed)
                {
                    _overflowed = true;
                    _tooLarge = tooLarge && _events.Count < maxEvents;
                }

                changed = null!;
            }
            else
            {
                _events.Add(buffer.WrittenSpan.ToArray());
                _bytes += buffer.WrittenCount;
                _terminated = terminal;
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (changed is null)
        {
            if (overflowed)
            {
                Overflowed?.Invoke();
            }

            return false;
        }

        changed.SetResult();
        if (terminal)
        {
            _ended.SetResult();
        }

        return true;
    }
}
