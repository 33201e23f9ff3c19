using System.Reactive.Disposables;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The operations a publisher follows, by id: each one's tracker (history, then live, then its completion) feeds the
/// outbox. The writer asks which are still running (to repair them after Redis restarted empty) and says which are
/// written for good.
/// </summary>
/// <param name="intake">Where each operation's start, statuses and completion go.</param>
internal sealed class PublishedOperations(OutboxIntake intake)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Followed> _operations = new(StringComparer.Ordinal);
    private bool _closed;

    /// <summary>Follows a tracker under an id no other followed operation has.</summary>
    /// <returns>A handle that stops following it, or <see langword="null"/> when the id is taken.</returns>
    /// <exception cref="ObjectDisposedException">The publisher is disposed.</exception>
    public IDisposable? TryFollow(string operationId, ChatStatusTracker tracker)
    {
        var operation = new PublishedOperation(operationId, tracker);
        var following = new SingleAssignmentDisposable();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(RedisStatusPublisher));
            if (!_operations.TryAdd(operationId, new Followed(operation, following)))
            {
                return null;
            }
        }

        intake.Add(OutboxItem.Started(operation));

        // History then live, with no gap and no duplicate; runs on the tracker's delivering thread, so it only queues.
        following.Disposable = tracker.WithHistory().Subscribe(
            status =>
            {
                if (status.IsReset)
                {
                    operation.LastReset = status;
                }

                operation.LastEnqueued = status.Sequence;
                intake.Add(OutboxItem.ForStatus(operation, status));
            },
            () => intake.Add(OutboxItem.Completed(operation, operation.LastEnqueued)));

        return Disposable.Create(() =>
        {
            following.Dispose();
            Forget(operation);
        });
    }

    /// <summary>Whether <see cref="Close"/> was called.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>The operations followed now.</summary>
    public PublishedOperation[] Running()
    {
        lock (_gate)
        {
            return [.. _operations.Values.Select(f => f.Operation)];
        }
    }

    /// <summary>Lets an operation go (its completion is in Redis, or it is no longer followed).</summary>
    public void Forget(PublishedOperation operation)
    {
        lock (_gate)
        {
            if (_operations.TryGetValue(operation.Id, out var held) && held.Operation == operation)
            {
                _operations.Remove(operation.Id);
            }
        }
    }

    /// <summary>Refuses new operations from now on and stops following the running ones (they stay known to the repair).</summary>
    /// <returns><see langword="false"/> when it was closed already.</returns>
    public bool Close()
    {
        Followed[] running;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            running = [.. _operations.Values];
        }

        Array.ForEach(running, f => f.Following.Dispose());
        return true;
    }

    private readonly record struct Followed(PublishedOperation Operation, IDisposable Following);
}
