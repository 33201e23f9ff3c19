using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The gate the publisher's writer passes before it takes each batch from the outbox. Only tests close it, to hold the
/// writer between batches, so that nothing leaves the outbox while they fill it or stop Redis.
/// </summary>
/// <param name="wake">The writer's wake-up, so an idle writer comes to the gate when it closes.</param>
internal sealed class WriterHold(Signal wake)
{
    private readonly Lock _gate = new();

    // The closing in force, if any; one object, read once by the writer, so a close, open and close between two reads
    // cannot leave it waiting at one closing while it reports parking at another.
    private Closing? _closing;

    /// <summary>Called by the writer before each batch: completes at once while the gate is open.</summary>
    /// <returns>Whether to go on: <see langword="false"/> once the writer is stopping.</returns>
    public Task<bool> PassAsync(CancellationToken token) =>
        Volatile.Read(ref _closing) is { } closing ? WaitAsync(closing, token) : Task.FromResult(!token.IsCancellationRequested);

    /// <summary>Closes the gate; closing it again before <see cref="Open"/> changes nothing.</summary>
    /// <returns>A task that completes once the writer waits at the gate: from then on, nothing leaves the outbox.</returns>
    public Task CloseAsync()
    {
        Task parked;
        lock (_gate)
        {
            // A second close must not replace the closing the writer may already wait at: Open would never reach it.
            _closing ??= new Closing();
            parked = _closing.Parked.Task;
        }

        wake.Set();
        return parked;
    }

    /// <summary>Opens the gate: the writer goes on.</summary>
    public void Open()
    {
        Closing? closing;
        lock (_gate)
        {
            closing = _closing;
            _closing = null;
        }

        closing?.Opened.TrySetResult();
    }

    private static async Task<bool> WaitAsync(Closing closing, CancellationToken token)
    {
        closing.Parked.TrySetResult();
        await closing.Opened.Task.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return !token.IsCancellationRequested;
    }

    private sealed class Closing
    {
        public TaskCompletionSource Parked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
