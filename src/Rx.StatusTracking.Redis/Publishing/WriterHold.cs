using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis;

/// <summary>
/// The gate the publisher's writer passes before it takes each batch from the outbox. Only tests close it, to hold the
/// writer between batches, so that nothing leaves the outbox while they fill it or stop Redis.
/// </summary>
/// <param name="wake">The writer's wake-up, so an idle writer comes to the gate when it closes.</param>
internal sealed class WriterHold(Signal wake)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _closed;
    private TaskCompletionSource _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called by the writer before each batch: completes at once while the gate is open.</summary>
    /// <returns>Whether to go on: <see langword="false"/> once the writer is stopping.</returns>
    public Task<bool> PassAsync(CancellationToken token) =>
        Volatile.Read(ref _closed) is { } closed ? WaitAsync(closed, token) : Task.FromResult(!token.IsCancellationRequested);

    /// <summary>Closes the gate; closing it again before <see cref="Open"/> changes nothing.</summary>
    /// <returns>A task that completes once the writer waits at the gate: from then on, nothing leaves the outbox.</returns>
    public Task CloseAsync()
    {
        Task parked;
        lock (_gate)
        {
            // A second close must not replace the gate the writer may already wait at: Open would never reach it.
            if (_closed is null)
            {
                Volatile.Write(ref _parked, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                Volatile.Write(ref _closed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            parked = _parked.Task;
        }

        wake.Set();
        return parked;
    }

    /// <summary>Opens the gate: the writer goes on.</summary>
    public void Open()
    {
        TaskCompletionSource? closed;
        lock (_gate)
        {
            closed = _closed;
            Volatile.Write(ref _closed, null);
        }

        closed?.TrySetResult();
    }

    private async Task<bool> WaitAsync(TaskCompletionSource closed, CancellationToken token)
    {
        Volatile.Read(ref _parked).TrySetResult();
        await closed.Task.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !token.IsCancellationRequested;
    }
}
