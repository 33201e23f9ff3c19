using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The <c>Errors</c> stream of a publisher or a source. A report is queued on the thread that makes it (a producer's,
/// the writer's, a reader's) and delivered from the thread pool, never inside the call that made it, so a subscriber
/// that is slow or blocks (a synchronous log sink) holds up neither the trackers nor the transport. The broadcast keeps what the
/// library promises of every stream: one call at a time, in the order the reports were made, never under a lock, a
/// subscriber that throws isolated.
/// </summary>
/// <remarks>
/// About <see cref="MaxWaiting"/> reports wait for the subscribers (racing reporters may each add one); past that, reports
/// are counted instead of queued, and one <see cref="RedisStatusErrorKind.ReportsDropped"/> says how many once the
/// subscribers have taken every waiting report, or before the completion.
/// </remarks>
internal sealed class ErrorReports(TimeProvider time) : IObservable<RedisStatusError>
{
    public const int MaxWaiting = 16_384;

    private readonly SerializedBroadcast<RedisStatusError> _broadcast = new();
    private readonly Lock _gate = new();
    private long _dropped;

    public void Report(RedisStatusError error)
    {
        if (_broadcast.Pending >= MaxWaiting)
        {
            Interlocked.Increment(ref _dropped);

            // The drain reports the count once it catches up; if it caught up between the check and the count, no
            // drain will look again, so this report queues the count itself.
            if (_broadcast.Pending == 0 && EnqueueDropped())
            {
                StartDrain();
            }

            return;
        }

        // Only the report that finds the queue empty starts a drain; the drain takes every later one in turn.
        if (_broadcast.Enqueue(error))
        {
            StartDrain();
        }
    }

    private void StartDrain() => ThreadPool.UnsafeQueueUserWorkItem(static self => self.Drain(), this, preferLocal: false);

    private void Drain()
    {
        do
        {
            _broadcast.Drain();
        }
        while (EnqueueDropped());
    }

    /// <summary>Queues one report of the reports left out so far, if any.</summary>
    /// <returns><see langword="true"/> when the caller must drain.</returns>
    private bool EnqueueDropped()
    {
        if (Interlocked.Read(ref _dropped) == 0)
        {
            return false;
        }

        // Under the gate, so the count is never queued after the completion (where no subscriber would see it).
        lock (_gate)
        {
            var dropped = Interlocked.Exchange(ref _dropped, 0);
            return dropped > 0 && _broadcast.Enqueue(new RedisStatusError(
                RedisStatusErrorKind.ReportsDropped,
                $"{dropped} reports were left out: the Errors subscribers had not taken the {MaxWaiting} before them.",
                time.GetUtcNow()) { Count = dropped });
        }
    }

    /// <summary>Completes the stream after the reports made so far (and the count of any left out), from the thread pool as they are.</summary>
    public void Complete() => ThreadPool.UnsafeQueueUserWorkItem(static self => self.CompleteNow(), this, preferLocal: false);

    private void CompleteNow()
    {
        bool drain;
        lock (_gate)
        {
            drain = EnqueueDropped() | _broadcast.EnqueueCompletion();
        }

        if (drain)
        {
            Drain();
        }
    }

    public IDisposable Subscribe(IObserver<RedisStatusError> observer) => _broadcast.Subscribe(observer);
}
