using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The statuses one client has yet to receive: filled by the tracker's delivery (which it never blocks), drained
/// by the connection's writer. Bounded (a <see cref="ConflatingBuffer{T, TKey}"/> keyed by step): when <c>capacity</c>
/// statuses wait, a step's older non-terminal statuses give way to its newer ones; terminal statuses and reset
/// markers always stay. If that cannot keep the buffer under twice its capacity, it overflows and the connection is
/// closed (the client resumes from the history).
/// </summary>
internal sealed class ConnectionBuffer(int capacity) : IObserver<ChatStatus>
{
    private readonly int _capacity = capacity;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConflatingBuffer<ChatStatus, int> _pending = new(capacity, (int)Math.Min(2L * capacity, int.MaxValue));
    private readonly List<ChatStatus> _taken = [];
    private bool _completed;
    private bool _overflowed;

    public int Peak
    {
        get
        {
            lock (_gate)
            {
                return _pending.Peak;
            }
        }
    }

    public long Conflated
    {
        get
        {
            lock (_gate)
            {
                return _pending.Conflated;
            }
        }
    }

    public void OnNext(ChatStatus value)
    {
        lock (_gate)
        {
            if (_completed || _overflowed)
            {
                return;
            }

            _pending.Add(value, value.Step, value);
            if (_pending.Count >= _capacity)
            {
                // One pass over every stale status: the count falls well below the capacity, or nothing was stale.
                _pending.ConflateAll();
                if (_pending.Count >= _pending.HardBound)
                {
                    _overflowed = true;
                    _pending.Clear();
                }
            }

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
            _taken.Clear();
            _pending.TakeInto(_taken, int.MaxValue);
            completed = _completed;
            overflowed = _overflowed;
            return _taken;
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
}
