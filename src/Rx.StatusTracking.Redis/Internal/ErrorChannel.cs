using System.Reactive.Subjects;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The errors stream of a publisher or source: serialized, and a throwing subscriber never reaches the code that
/// reported (the transport must not stop because a log sink failed).
/// </summary>
internal sealed class ErrorChannel : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Subject<RedisStatusError> _subject = new();

    public IObservable<RedisStatusError> Stream => _subject;

    public void Report(RedisStatusError error)
    {
        lock (_gate)
        {
            try
            {
                _subject.OnNext(error);
            }
            catch (Exception)
            {
                // A subscriber's fault is its own; reporting must go on.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subject.OnCompleted();
            _subject.Dispose();
        }
    }
}
