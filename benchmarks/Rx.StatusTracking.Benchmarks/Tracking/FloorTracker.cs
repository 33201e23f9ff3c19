namespace Rx.StatusTracking.Benchmarks.Tracking;

/// <summary>
/// The least any tracker with the library's guarantees does per status, as a yardstick (not a tracker): a wall-clock
/// stamp, one lock for the sequence and a bounded history, and delivery outside the lock through a claim released
/// atomically (so an observer never runs under the lock and producers never wait for it). No argument checks, no step
/// states or transitions, no summary, no reset, no second subscriber, no isolation of a throwing observer.
/// </summary>
internal sealed class FloorTracker(Action<ChatStatus> observer, int historyLimit = 1_000)
{
    private readonly Lock _gate = new();
    private readonly ChatStatus[] _history = new ChatStatus[historyLimit];
    private readonly Queue<ChatStatus> _queued = new();
    private long _sequence;
    private int _next;
    private int _undelivered;

    public void Report(int step, string description, StatusState state)
    {
        var at = DateTimeOffset.UtcNow;
        ChatStatus status;
        bool direct;
        var drain = false;
        lock (_gate)
        {
            status = new ChatStatus { Step = step, Description = description, State = state, Timestamp = at, Sequence = ++_sequence };
            _history[_next] = status;
            _next = _next + 1 == _history.Length ? 0 : _next + 1;

            // Nothing queued or being delivered: deliver it directly (a plain write claims it, as only producers under
            // this lock start a delivery). Otherwise queue it, and deliver the queue if the drainer finished meanwhile.
            direct = _undelivered == 0;
            if (direct)
            {
                _undelivered = 1;
            }
            else
            {
                _queued.Enqueue(status);
                drain = Interlocked.Increment(ref _undelivered) == 1;
            }
        }

        if (direct)
        {
            observer(status);
            while (Interlocked.Decrement(ref _undelivered) != 0)
            {
                observer(Dequeue());
            }
        }
        else if (drain)
        {
            do
            {
                observer(Dequeue());
            }
            while (Interlocked.Decrement(ref _undelivered) != 0);
        }
    }

    private ChatStatus Dequeue()
    {
        lock (_gate)
        {
            return _queued.Dequeue();
        }
    }
}
