using System.Reactive.Disposables;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The operations a publisher follows, by id: each one's tracker (history, then live, then its completion) feeds the
/// outbox. The writer asks which to check after a failure (to repair what Redis lost) and says which are written for
/// good. An operation whose completion is in Redis stays checkable for <see cref="RepairWindow"/> (the most recent
/// <see cref="MostRecentlyWritten"/> of them): a failover right after it completed can lose its end too, and readers
/// would wait for an end that never comes.
/// </summary>
/// <param name="intake">Where each operation's start, statuses and completion go.</param>
/// <param name="time">The clock of the repair window.</param>
internal sealed class PublishedOperations(OutboxIntake intake, TimeProvider time)
{
    /// <summary>How long an operation written for good is still checked after a failure.</summary>
    public static readonly TimeSpan RepairWindow = TimeSpan.FromSeconds(30);

    /// <summary>The most operations written for good kept checkable at once.</summary>
    public const int MostRecentlyWritten = 4_096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Followed> _operations = new(StringComparer.Ordinal);
    private readonly Queue<(PublishedOperation Operation, long WrittenAt)> _recentlyWritten = new();
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

        // The start wakes the writer with the history's first status, if it has one: a writer woken by the start alone
        // would often take it alone, and what came behind it would wait for its answer (see OperationLanes).
        intake.Add(OutboxItem.Started(operation), wakeWriter: false);

        try
        {
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
        }
        finally
        {
            intake.WakeWriter();
        }

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

    /// <summary>The operations followed now, and those written for good within the repair window.</summary>
    public PublishedOperation[] Running()
    {
        lock (_gate)
        {
            while (_recentlyWritten.TryPeek(out var oldest) && time.GetElapsedTime(oldest.WrittenAt) > RepairWindow)
            {
                _recentlyWritten.Dequeue();
            }

            return [.. _operations.Values.Select(f => f.Operation), .. _recentlyWritten.Select(r => r.Operation)];
        }
    }

    /// <summary>Lets an operation go once its completion is in Redis, keeping it checkable for the repair window.</summary>
    public void Written(PublishedOperation operation)
    {
        Forget(operation);
        lock (_gate)
        {
            if (_recentlyWritten.Count == MostRecentlyWritten)
            {
                _recentlyWritten.Dequeue();
            }

            _recentlyWritten.Enqueue((operation, time.GetTimestamp()));
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
