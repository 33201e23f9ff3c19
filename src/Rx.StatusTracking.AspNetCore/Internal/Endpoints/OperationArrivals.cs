namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The requests waiting for an operation to reach the hub (<see cref="StatusEndpointOptions.UnknownOperationWait"/>): one
/// subscription to the hub's <see cref="StatusHub.Events"/> serves them all, so an operation added costs its producer one
/// lookup however many requests wait, and at most <see cref="MaxWaiting"/> wait at once (past that, the answer is at
/// once), so requests for ids that never come cannot pile up.
/// </summary>
internal sealed class OperationArrivals
{
    /// <summary>How many requests of one mapping may wait at once.</summary>
    public const int MaxWaiting = 1_024;

    private readonly StatusHub _hub;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<TaskCompletionSource>> _waiting = new(StringComparer.Ordinal);
    private int _count;
    private bool _hubGone;

    /// <param name="hub">The hub the operations come to.</param>
    /// <param name="wait">How long a request waits (taken when the endpoints are mapped, as the decision to wait is).</param>
    /// <param name="clock">The clock of the waits.</param>
    public OperationArrivals(StatusHub hub, TimeSpan wait, TimeProvider clock)
    {
        _hub = hub;
        _wait = wait;
        _clock = clock;

        // Kept as long as the hub: a disposed hub completes its events, which ends every wait.
        _ = hub.Events.Subscribe(OnEvent, _ => EndAll(), EndAll);
    }

    /// <summary>
    /// The operation's tracker once the hub has it, or <see langword="null"/> when the wait passed first, the hub was
    /// disposed, too many requests already wait, or the request was aborted.
    /// </summary>
    public async ValueTask<ChatStatusTracker?> WaitAsync(string operationId, CancellationToken aborted)
    {
        // Woken under this class's lock: continuations run elsewhere, so a woken wait never removes itself in the middle.
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryAdd(operationId, arrived))
        {
            return null;
        }

        try
        {
            // Looked up again once watched, so an operation added in between is not missed.
            if (_hub.TryGet(operationId, out var tracker))
            {
                return tracker;
            }

            await arrived.Task.WaitAsync(_wait, _clock, aborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            Remove(operationId, arrived);
        }

        return _hub.TryGet(operationId, out var found) ? found : null;
    }

    /// <summary>How many requests for <paramref name="operationId"/> wait and have not been woken yet (for tests).</summary>
    internal int Pending(string operationId)
    {
        lock (_gate)
        {
            return _waiting.TryGetValue(operationId, out var waiters) ? waiters.Count(static w => !w.Task.IsCompleted) : 0;
        }
    }

    private bool TryAdd(string operationId, TaskCompletionSource arrived)
    {
        lock (_gate)
        {
            if (_hubGone || _count == MaxWaiting)
            {
                return false;
            }

            if (!_waiting.TryGetValue(operationId, out var waiters))
            {
                _waiting.Add(operationId, waiters = []);
            }

            waiters.Add(arrived);
            _count++;
        }

        WebMeter.Waiting(1);
        return true;
    }

    private void Remove(string operationId, TaskCompletionSource arrived)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(operationId, out var waiters) || !waiters.Remove(arrived))
            {
                return;
            }

            if (waiters.Count == 0)
            {
                _waiting.Remove(operationId);
            }

            _count--;
        }

        WebMeter.Waiting(-1);
    }

    private void OnEvent(OperationEvent e)
    {
        if (e.Kind != OperationEventKind.Added)
        {
            return;
        }

        lock (_gate)
        {
            if (_waiting.TryGetValue(e.OperationId, out var waiters))
            {
                waiters.ForEach(static w => w.TrySetResult());
            }
        }
    }

    private void EndAll()
    {
        lock (_gate)
        {
            _hubGone = true;
            foreach (var waiters in _waiting.Values)
            {
                waiters.ForEach(static w => w.TrySetResult());
            }
        }
    }
}
