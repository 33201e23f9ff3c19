using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The statuses one client has yet to receive: filled by the tracker's delivery (which it never blocks), drained
/// by the connection's writer. Bounded (a <see cref="ConflatingBuffer{T, TKey}"/> keyed by step): when <c>capacity</c>
/// statuses wait, a step's older non-terminal statuses give way to its newer ones; terminal statuses and reset
/// markers always stay. If that cannot keep the buffer under twice its capacity, it overflows and the connection is
/// closed (the client resumes from the history). A paced connection (<see cref="Pacing"/>) takes each step's newest
/// status at every take. What waits, gives way or is dropped is reported on <see cref="WebMeter"/>; disposing the
/// buffer (once the connection ended) takes what still waits out of the total.
/// </summary>
internal sealed class ConnectionBuffer(int capacity, WebTransport transport, TimeProvider? clock = null) : IObserver<ChatStatus>, IDisposable
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly int _capacity = capacity;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConflatingBuffer<ChatStatus, int> _pending = new(capacity, (int)Math.Min(2L * capacity, int.MaxValue));
    private readonly List<ChatStatus> _taken = [];
    private bool _completed;
    private bool _overflowed;
    private bool _closed;

    // When the oldest waiting status arrived (a clock timestamp, read only when the buffer stops being empty).
    private long _waitingSince;

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
                if (_pending.Count == 0)
                {
                    _waitingSince = _clock.GetTimestamp();
                }

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

    /// <summary>
    /// Takes every waiting status (oldest first), or with <paramref name="newestPerStep"/> each step's newest status
    /// and every terminal status and reset marker; the list is the caller's until the next call.
    /// <paramref name="waited"/> is how long the oldest of them waited.
    /// </summary>
    public List<ChatStatus> TakeAll(bool newestPerStep, out bool completed, out bool overflowed, out TimeSpan waited)
    {
        var conflated = 0;
        lock (_gate)
        {
            _taken.Clear();
            waited = _pending.Count == 0 ? TimeSpan.Zero : _clock.GetElapsedTime(_waitingSince);
            if (newestPerStep)
            {
                conflated = _pending.ConflateAll();
            }

            _pending.TakeInto(_taken, int.MaxValue);
            RecountLocked();
            completed = _completed;
            overflowed = _overflowed;
        }

        WebMeter.RecordConflated(transport, conflated);
        return _taken;
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
