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

    /// <summary>
    /// Forgets a <see cref="Set"/> not waited for yet. A Set racing this call may be forgotten too: fine for its caller, a
    /// follower's backoff, which reads its stream after the wait anyway.
    /// </summary>
    public void Reset()
    {
        // Taken as a wait takes it, count first: a Set racing this sees the flag up until the count is gone, so it never
        // releases a semaphore that is full.
        if (_semaphore.Wait(0))
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    /// <summary>Waits for a <see cref="Set"/>.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _pending, 0);
    }

    /// <summary>Waits for a <see cref="Set"/> or the timeout, measured on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        // The timeout cancels the wait rather than racing it, so a set that comes after the timeout is kept for the next wait.
        using var timedOut = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timedOut.Token);
        var wait = _semaphore.WaitAsync(either.Token);
        await wait.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (wait.IsCompletedSuccessfully)
        {
            Volatile.Write(ref _pending, 0);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _semaphore.Dispose();
}
