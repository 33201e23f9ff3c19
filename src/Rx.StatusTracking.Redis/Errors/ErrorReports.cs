using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis;

/// <summary>
/// The <c>Errors</c> stream of a publisher or a source. A report is queued on the thread that makes it (a producer's,
/// the writer's, a reader's) and delivered from the thread pool, never inside the call that made it, so a subscriber
/// that is slow or blocks (a synchronous log sink) holds up neither the trackers nor the transport. The broadcast keeps what the
/// library promises of every stream: one call at a time, in the order the reports were made, never under a lock, a
/// subscriber that throws isolated.
/// </summary>
internal sealed class ErrorReports : IObservable<RedisStatusError>
{
    private readonly SerializedBroadcast<RedisStatusError> _broadcast = new();

    public void Report(RedisStatusError error)
    {
        // Only the report that finds the queue empty starts a drain; the drain takes every later one in turn.
        if (_broadcast.Enqueue(error))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static broadcast => broadcast.Drain(), _broadcast, preferLocal: false);
        }
    }

    /// <summary>Completes the stream after the reports made so far, from the thread pool as they are.</summary>
    public void Complete() => ThreadPool.UnsafeQueueUserWorkItem(static broadcast => broadcast.Complete(), _broadcast, preferLocal: false);

    public IDisposable Subscribe(IObserver<RedisStatusError> observer) => _broadcast.Subscribe(observer);
}
