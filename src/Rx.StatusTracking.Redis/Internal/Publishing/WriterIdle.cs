namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Whether the writer has written everything handed to it: what <see cref="RedisStatusPublisher.FlushAsync"/> waits for.
/// Busy from each add on; idle only when the writer finds the outbox empty (or stops).
/// </summary>
internal sealed class WriterIdle
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = NewIdle(completed: true);

    /// <summary>Called after each add: a flush that starts from here on waits for it.</summary>
    public void MarkBusy()
    {
        // Checked outside the lock first: while the writer is busy the flag stays down and an add takes no lock here.
        if (Volatile.Read(ref _idle).Task.IsCompleted)
        {
            lock (_gate)
            {
                if (_idle.Task.IsCompleted)
                {
                    _idle = NewIdle(completed: false);
                }
            }
        }
    }

    /// <summary>Called by the writer when it found nothing to write, and when it stops.</summary>
    /// <param name="outbox">The outbox, looked at under the lock.</param>
    /// <param name="stopping">Whether the writer stops: what waits then is given up.</param>
    public void MarkIdleIfEmpty(Outbox outbox, bool stopping)
    {
        lock (_gate)
        {
            if (outbox.Count == 0 || stopping)
            {
                _idle.TrySetResult();
            }
        }
    }

    /// <summary>Completes when the writer is idle.</summary>
    public Task WhenIdle(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }
}
