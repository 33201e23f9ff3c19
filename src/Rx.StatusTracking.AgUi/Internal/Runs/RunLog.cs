using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// The events of one run, in order, each encoded once: the run's producers append, and each connection reading the run
/// (the one that started it, and any that resume it with <c>Last-Event-ID</c>) reads from its own position. An event's
/// SSE id is its position (1, 2, 3…). Ends with one terminal event (<c>RUN_FINISHED</c> or <c>RUN_ERROR</c>); nothing is
/// appended after it. Holds at most <c>maxEvents</c> events besides the terminal one: past it, appends are refused and
/// <see cref="Overflowed"/> fires once.
/// </summary>
internal sealed class RunLog(int maxEvents)
{
    // Text as it is (an event is SSE data, never HTML): only what JSON requires is escaped, newlines included.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly List<byte[]> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;
    private bool _overflowed;
    private int _readers;

    /// <summary>Raised once, on the appending thread, when an event was refused because the log is full.</summary>
    public event Action? Overflowed;

    /// <summary>Raised (outside the lock) when the last connection reading the run left while the run was still going.</summary>
    public event Action? Abandoned;

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
        }
    }

    public void RemoveReader()
    {
        bool abandoned;
        lock (_gate)
        {
            _readers--;
            abandoned = _readers == 0 && !_ended;
        }

        if (abandoned)
        {
            Abandoned?.Invoke();
        }
    }

    public bool HasReaders
    {
        get
        {
            lock (_gate)
            {
                return _readers > 0;
            }
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

            ended = _ended;
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
            if (_ended)
            {
                return false;
            }

            if (!terminal && _events.Count >= maxEvents)
            {
                overflowed = !_overflowed;
                _overflowed = true;
                changed = null!;
            }
            else
            {
                _events.Add(buffer.WrittenSpan.ToArray());
                _ended = terminal;
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
        return true;
    }
}
