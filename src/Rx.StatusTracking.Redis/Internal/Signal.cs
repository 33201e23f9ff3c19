namespace Rx.StatusTracking.Redis.Internal;

/// <summary>An auto-reset wake-up: many <see cref="Set"/> calls before a wait count as one; a set before the wait is not lost.</summary>
internal sealed class Signal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private int _pending;

    public void Set()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _semaphore.Release();
        }
    }

    /// <summary>Waits for a <see cref="Set"/> or the timeout.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await _semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    public void Dispose() => _semaphore.Dispose();
}
