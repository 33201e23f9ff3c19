namespace Rx.StatusTracking.AspNetCore;

/// <summary>
/// The statuses one client has yet to receive: filled by the tracker's delivery (which it never blocks), drained
/// by the connection's writer. Bounded: when <c>capacity</c> statuses wait, a step's older non-terminal statuses
/// give way to its newer ones; terminal statuses and reset markers always stay. If that cannot keep the buffer
/// under twice its capacity, it overflows and the connection is closed (the client resumes from the history).
/// </summary>
internal sealed class ConnectionBuffer(int capacity) : IObserver<ChatStatus>
{
    private readonly int _capacity = capacity;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly HashSet<int> _laterSteps = [];
    private List<ChatStatus> _pending = [];
    private List<ChatStatus> _spare = [];
    private int _compactAt = capacity;
    private bool _completed;
    private bool _overflowed;

    public int Peak { get; private set; }

    public long Conflated { get; private set; }

    public void OnNext(ChatStatus value)
    {
        lock (_gate)
        {
            if (_completed || _overflowed)
            {
                return;
            }

            _pending.Add(value);
            if (_pending.Count >= _compactAt)
            {
                Compact();
            }

            Peak = Math.Max(Peak, _pending.Count);
            SignalLocked();
        }
    }

    public void OnCompleted()
    {
        lock (_gate)
        {
            _completed = true;
            SignalLocked();
        }
    }

    // The tracker never fails its subscribers; treat an error like the end of the operation.
    public void OnError(Exception error) => OnCompleted();

    /// <summary>Waits until there is something to take or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes every waiting status (oldest first); the list is the caller's until the next call.</summary>
    public List<ChatStatus> TakeAll(out bool completed, out bool overflowed)
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = _spare;
            _pending.Clear();
            _spare = taken;
            _compactAt = _capacity;
            completed = _completed;
            overflowed = _overflowed;
            return taken;
        }
    }

    private void SignalLocked()
    {
        // Only this method releases, always under the gate, so the count cannot pass its maximum of 1.
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    // One pass from the newest back: a non-terminal status is dropped when a later status of its step waits after
    // it (a reset marker is a barrier: nothing is conflated across it).
    private void Compact()
    {
        _laterSteps.Clear();
        var kept = _pending.Count;
        var keep = new bool[_pending.Count];
        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            var status = _pending[i];
            if (status.IsReset)
            {
                _laterSteps.Clear();
                keep[i] = true;
                continue;
            }

            keep[i] = status.IsTerminal || _laterSteps.Add(status.Step);
            if (status.IsTerminal)
            {
                _laterSteps.Add(status.Step);
            }

            if (!keep[i])
            {
                kept--;
            }
        }

        if (kept < _pending.Count)
        {
            var write = 0;
            for (var read = 0; read < _pending.Count; read++)
            {
                if (keep[read])
                {
                    _pending[write++] = _pending[read];
                }
            }

            Conflated += _pending.Count - write;
            _pending.RemoveRange(write, _pending.Count - write);
        }

        if (_pending.Count >= 2 * _capacity)
        {
            _overflowed = true;
            _pending.Clear();
        }

        // Compacting again on every add while the buffer stays near full would cost O(capacity) per status.
        _compactAt = Math.Max(_capacity, _pending.Count + Math.Max(1, _capacity / 4));
    }
}
