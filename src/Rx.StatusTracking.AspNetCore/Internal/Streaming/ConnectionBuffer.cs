using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The statuses one client has yet to receive: filled by the tracker's delivery (which it never blocks), drained
/// by the connection's writer. Bounded (a <see cref="ConflatingBuffer{T, TKey}"/> keyed by step): when <c>capacity</c>
/// statuses wait, a step's older non-terminal statuses give way to its newer ones; terminal statuses and reset
/// markers always stay. If that cannot keep the buffer under twice its capacity, it overflows and the connection is
/// closed (the client resumes from the history). What waits, gives way or is dropped is reported on
/// <see cref="WebMeter"/>; disposing the buffer (once the connection ended) takes what still waits out of the total.
/// </summary>
internal sealed class ConnectionBuffer(int capacity, WebTransport transport) : IObserver<ChatStatus>, IDisposable
{
    private readonly int _capacity = capacity;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConflatingBuffer<ChatStatus, int> _pending = new(capacity, (int)Math.Min(2L * capacity, int.MaxValue));
    private readonly List<ChatStatus> _taken = [];
    private bool _completed;
    private bool _overflowed;
    private bool _closed;

    // How many of the waiting statuses the process-wide total counts.
    private int _counted;
    private long _dropped;

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

    /// <summary>Statuses discarded because the connection overflowed: what waited then, and what came after.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    public void OnNext(ChatStatus value)
    {
        long conflated = 0;
        long dropped = 0;
        lock (_gate)
        {
            if (_completed || _closed)
            {
                return;
            }

            if (_overflowed)
            {
                // The connection is closing; its client resumes from the history.
                _dropped++;
                dropped = 1;
            }
            else
            {
                var conflatedBefore = _pending.Conflated;
                _pending.Add(value, value.Step, value);
                if (_pending.Count >= _capacity)
                {
                    // One pass over every stale status: the count falls well below the capacity, or nothing was stale.
                    _pending.ConflateAll();
                    if (_pending.Count >= _pending.HardBound)
                    {
                        _overflowed = true;
                        dropped = _pending.Count;
                        _dropped += dropped;
                        _pending.Clear();
                    }
                }

                conflated = _pending.Conflated - conflatedBefore;
                RecountLocked();
                SignalLocked();
            }
        }

        // Outside the gate: a listener's callback never holds up the writer.
        WebMeter.RecordConflated(transport, conflated);
        WebMeter.RecordDropped(transport, dropped);
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
            RecountLocked();
            completed = _completed;
            overflowed = _overflowed;
            return _taken;
        }
    }

    /// <summary>The connection ended: what still waits is forgotten, and taken out of the total.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _pending.Clear();
            RecountLocked();
        }
    }

    private void RecountLocked()
    {
        var delta = _pending.Count - _counted;
        if (delta != 0)
        {
            _counted = _pending.Count;
            WebMeter.Queued(delta);
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
