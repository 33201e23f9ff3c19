namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// An <c>Errors</c> subscriber like a synchronous log sink that stalls (a full disk, a slow network share): it records each
/// report and blocks in it until <see cref="Release"/>.
/// </summary>
public sealed class StalledSink : IDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RedisStatusError> _received = [];
    private readonly IDisposable _watching;

    public StalledSink(IObservable<RedisStatusError> errors) => _watching = errors.Subscribe(e =>
    {
        lock (_received)
        {
            _received.Add(e);
        }

        _stalled.TrySetResult();
        _release.Task.Wait();
    });

    /// <summary>Completes once the sink is blocked in a report.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>The reports it got so far.</summary>
    public RedisStatusError[] Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Lets the sink go on, for good.</summary>
    public void Release() => _release.TrySetResult();

    public void Dispose()
    {
        Release();
        _watching.Dispose();
    }
}
