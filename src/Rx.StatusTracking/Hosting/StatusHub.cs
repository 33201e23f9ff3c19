using System.Diagnostics.CodeAnalysis;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// Many operations, each with its own <see cref="ChatStatusTracker"/>, found by operation id; one stream of all
/// their statuses; and their lifecycle (added, completed, evicted).
/// </summary>
/// <remarks>
/// <para>
/// Completed operations stay readable for <see cref="StatusHubOptions.CompletedRetention"/>, then are evicted
/// (their trackers disposed). When <see cref="StatusHubOptions.MaxOperations"/> are held, a new operation evicts
/// the one that completed first; if every operation is still running, it is refused with
/// <see cref="StatusHubFullException"/>: running operations are never dropped.
/// </para>
/// <para>
/// <see cref="Statuses"/> subscribes to the trackers only while someone listens: when the last subscriber leaves,
/// the hub holds no subscription on any tracker. Its subscribers see one call at a time and are never called
/// under a lock (as with the tracker itself).
/// </para>
/// </remarks>
public sealed partial class StatusHub : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HubOperation> _operations = new(StringComparer.Ordinal);
    private readonly SerializedBroadcast<StatusTrackingError> _errors = new();
    private readonly SerializedBroadcast<OperationStatus> _statuses;
    private readonly SerializedBroadcast<OperationEvent> _events;
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _retention;
    private readonly int _maxOperations;
    private readonly int _maxIdLength;
    private readonly StatusTrackerOptions _trackerOptions;
    private readonly RetainedTotals _totals;
    private readonly RetentionShedder? _shedder;
    private int _statusListeners;
    private long _created;
    private bool _disposed;

    /// <summary>Creates a hub.</summary>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">The scheduler is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public StatusHub(StatusHubOptions? options = null)
    {
        options ??= new StatusHubOptions();
        options.Validate();
        _scheduler = options.Scheduler;
        _retention = options.CompletedRetention;
        _maxOperations = options.MaxOperations;
        _maxIdLength = options.MaxOperationIdLength;
        _totals = new RetainedTotals(options.MaxRetainedBytes);
        _trackerOptions = options.TrackerOptions(_totals);
        _shedder = CreateShedder(options.MaxRetainedBytes);
        _statuses = new SerializedBroadcast<OperationStatus> { OnObserverFault = e => ReportSubscriberFault(e, nameof(Statuses)) };
        Statuses = new StatusStream(this);
        _events = new SerializedBroadcast<OperationEvent> { OnObserverFault = e => ReportSubscriberFault(e, nameof(Events)) };
    }

    /// <summary>The hub's clock: its trackers' <see cref="ChatStatusTracker.Scheduler"/> and the clock of eviction (what a page shows as server time).</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>The longest operation id this hub accepts (<see cref="StatusHubOptions.MaxOperationIdLength"/>); the web endpoints use it too.</summary>
    public int MaxOperationIdLength => _maxIdLength;

    /// <summary>How many operations the hub holds at most (<see cref="StatusHubOptions.MaxOperations"/>): when full, it evicts the operation that completed first, and refuses a new one only when every operation it holds is running.</summary>
    public int MaxOperations => _maxOperations;

    /// <summary>How many operations the hub holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _operations.Count;
            }
        }
    }

    /// <summary>How many operations the hub holds that have not completed.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _operations.Values.Count(o => o.CompletedAt is null);
            }
        }
    }

    /// <summary>The ids of the operations held, oldest first (a snapshot).</summary>
    public IReadOnlyList<string> OperationIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _operations.Values.OrderBy(o => o.Order).Select(o => o.Id)];
            }
        }
    }

    /// <summary>How many subscriptions the hub holds on its trackers (one per operation while <see cref="Statuses"/> has listeners, else none).</summary>
    public int TrackerSubscriptionCount
    {
        get
        {
            lock (_gate)
            {
                return _operations.Values.Count(o => o.Forwarding is not null);
            }
        }
    }

    /// <summary>Every operation's statuses from the moment of subscription on, each with its operation id (hot).</summary>
    public IObservable<OperationStatus> Statuses { get; }

    /// <summary>Operations added, completed and evicted, from the moment of subscription on (hot). Completes when the hub is disposed.</summary>
    public IObservable<OperationEvent> Events => _events;

    /// <summary>
    /// Subscribers of <see cref="Statuses"/> or <see cref="Events"/> that threw (<see cref="StatusTrackingErrorKind.SubscriberFailed"/>):
    /// they stay subscribed and the others are not disturbed. Completes when the hub is disposed.
    /// </summary>
    public IObservable<StatusTrackingError> Errors => _errors;

    /// <summary>Creates the tracker of a new operation.</summary>
    /// <remarks>
    /// The operation counts as running until its tracker completes: call <see cref="ChatStatusTracker.Complete()"/> when the
    /// work ends (in a <c>finally</c>, so a failure or cancellation ends it too). An operation that is never completed is
    /// never evicted, and once <see cref="StatusHubOptions.MaxOperations"/> are running the hub refuses new ones.
    /// </remarks>
    /// <param name="operationId">
    /// A unique id following the one id rule (<see cref="OperationIdRule"/>): 1 to <see cref="MaxOperationIdLength"/> ASCII
    /// letters, digits and <c>- _ . : ~ @</c>, so the operation is reachable on the web endpoints and in Redis as it is.
    /// </param>
    /// <returns>The operation's tracker (owned by the hub: it is disposed on eviction).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operationId"/> is null.</exception>
    /// <exception cref="ArgumentException">The id breaks the id rule (the message says how).</exception>
    /// <exception cref="OperationExistsException">The hub already holds an operation with this id (an <see cref="ArgumentException"/> too).</exception>
    /// <exception cref="StatusHubFullException">
    /// The hub is full and no operation has completed, or it retains more than its memory budget with nothing left to shed
    /// (<see cref="StatusHubOptions.MaxRetainedBytes"/>).
    /// </exception>
    /// <exception cref="ObjectDisposedException">The hub is disposed.</exception>
    public ChatStatusTracker Create(string operationId)
    {
        OperationIdRule.Validate(operationId, _maxIdLength);
        if (_shedder is { } shedder)
        {
            // The cheap refusals first (they say what is wrong with this call); the budget's may run a shedding pass.
            ThrowIfDisposedOrHeld(operationId);
            if (!shedder.Admits())
            {
                throw new StatusHubFullException(operationId, _maxOperations, _totals.MaxBytes!.Value, _totals.Bytes);
            }
        }

        HubOperation? evicted = null;
        HubOperation operation;
        bool deliver;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_operations.ContainsKey(operationId))
            {
                throw new OperationExistsException(operationId);
            }

            var now = _scheduler.Now;
            deliver = false;
            if (_operations.Count >= _maxOperations)
            {
                evicted = _operations.Values.Where(o => o.CompletedAt is not null).OrderBy(o => o.CompletedAt).ThenBy(o => o.Order).FirstOrDefault()
                    ?? throw new StatusHubFullException(operationId, _maxOperations);
                _operations.Remove(evicted.Id);
                deliver = _events.Enqueue(new OperationEvent(OperationEventKind.Evicted, evicted.Id, now));
            }

            var tracker = new ChatStatusTracker(options: _trackerOptions);
            _totals.OperationAdded();
            operation = new HubOperation(this, operationId, tracker, ++_created);
            _operations.Add(operationId, operation);
            if (_statusListeners > 0)
            {
                operation.Forwarding = Forward(operation);
            }

            // Queued under the lock, so no Completed or Evicted of this operation (queued under the lock too) can
            // come before it.
            deliver |= _events.Enqueue(new OperationEvent(OperationEventKind.Added, operationId, now));
        }

        if (evicted is not null)
        {
            Retire(evicted);
        }

        // The hub watches the tracker's completion as any owner would; the continuation runs on the delivering thread,
        // right after the tracker's subscribers had their OnCompleted, so the Completed event keeps its place.
        operation.Tracker.Completion.ContinueWith(
            static (_, state) => ((HubOperation)state!).Hub.OnCompleted((HubOperation)state!),
            operation,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        if (deliver)
        {
            _events.Drain();
        }

        return operation.Tracker;
    }

    /// <summary>Finds an operation's tracker.</summary>
    /// <param name="operationId">The operation's id.</param>
    /// <param name="tracker">The tracker, when found.</param>
    /// <returns>Whether the hub holds the operation.</returns>
    public bool TryGet(string operationId, [NotNullWhen(true)] out ChatStatusTracker? tracker)
    {
        lock (_gate)
        {
            tracker = operationId is not null && _operations.TryGetValue(operationId, out var operation) ? operation.Tracker : null;
            return tracker is not null;
        }
    }

    /// <summary>Evicts every operation (disposing its tracker) and completes <see cref="Statuses"/> and <see cref="Events"/>.</summary>
    public void Dispose()
    {
        List<HubOperation> all;
        var deliver = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = [.. _operations.Values.OrderBy(o => o.Order)];
            _operations.Clear();
            var now = _scheduler.Now;
            foreach (var operation in all)
            {
                deliver |= _events.Enqueue(new OperationEvent(OperationEventKind.Evicted, operation.Id, now));
            }
        }

        all.ForEach(Retire);
        if (deliver)
        {
            _events.Drain();
        }

        _statuses.Complete();
        _events.Complete();
        _errors.Complete();
    }

    private void ReportSubscriberFault(Exception exception, string stream) =>
        _errors.Publish(new StatusTrackingError(StatusTrackingErrorKind.SubscriberFailed, $"A subscriber of StatusHub.{stream} threw; delivery went on.", _scheduler.Now) { Exception = exception });

    private IDisposable Forward(HubOperation operation) =>
        operation.Tracker.Subscribe(status => _statuses.Publish(new OperationStatus(operation.Id, status)));

    private void OnCompleted(HubOperation operation)
    {
        var now = _scheduler.Now;
        bool deliver;
        lock (_gate)
        {
            if (_disposed || !_operations.TryGetValue(operation.Id, out var held) || held != operation || operation.CompletedAt is not null)
            {
                return;
            }

            operation.CompletedAt = now;
            operation.Eviction = _scheduler.Schedule(_retention, () => Evict(operation));
            deliver = _events.Enqueue(new OperationEvent(OperationEventKind.Completed, operation.Id, now));
        }

        if (deliver)
        {
            _events.Drain();
        }
    }

    private void Evict(HubOperation operation)
    {
        bool deliver;
        lock (_gate)
        {
            if (!_operations.TryGetValue(operation.Id, out var held) || held != operation)
            {
                return;
            }

            _operations.Remove(operation.Id);
            deliver = _events.Enqueue(new OperationEvent(OperationEventKind.Evicted, operation.Id, _scheduler.Now));
        }

        Retire(operation);
        if (deliver)
        {
            _events.Drain();
        }
    }

    // Outside the lock: disposing a tracker completes its subscribers, which is user code. The Evicted event was
    // queued when the operation left the dictionary, under the lock, so it keeps its place among the hub's events.
    // Never throws: the operation has left the hub already, so whatever its clean-up runs into (a scheduler that cannot
    // cancel the eviction, say) is reported, and the caller's Create or Dispose goes on and events keep flowing.
    private void Retire(HubOperation operation)
    {
        try
        {
            operation.Eviction?.Dispose();
        }
        catch (Exception exception)
        {
            _errors.Publish(new StatusTrackingError(StatusTrackingErrorKind.CallbackFailed, $"Cancelling the scheduled eviction of operation '{operation.Id}' threw; it was retired anyway.", _scheduler.Now) { Exception = exception });
        }

        operation.Forwarding?.Dispose();
        operation.Forwarding = null;
        operation.Tracker.Dispose();
        _totals.OperationRetired();
    }

    // Not Observable.Create: its wrapper detaches an observer the first time it throws, while the hub, like the
    // tracker, keeps a throwing subscriber and reports it on Errors.
    private sealed class StatusStream(StatusHub hub) : IObservable<OperationStatus>
    {
        public IDisposable Subscribe(IObserver<OperationStatus> observer)
        {
            var listening = hub._statuses.Subscribe(observer);
            lock (hub._gate)
            {
                if (hub._statusListeners++ == 0)
                {
                    foreach (var operation in hub._operations.Values)
                    {
                        operation.Forwarding = hub.Forward(operation);
                    }
                }
            }

            return Disposable.Create(() =>
            {
                listening.Dispose();
                var stop = new List<IDisposable>();
                lock (hub._gate)
                {
                    if (--hub._statusListeners == 0)
                    {
                        foreach (var operation in hub._operations.Values)
                        {
                            if (operation.Forwarding is { } forwarding)
                            {
                                stop.Add(forwarding);
                                operation.Forwarding = null;
                            }
                        }
                    }
                }

                stop.ForEach(s => s.Dispose());
            });
        }
    }
}
