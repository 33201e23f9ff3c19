using System.Reactive.Disposables;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// A live list of steps, one row per step in step order, updated in place as statuses arrive: the small part of
/// DynamicData a status UI needs. <see cref="Connect"/> gives a snapshot, then every change; a reset marker
/// clears the list.
/// </summary>
/// <remarks>
/// Subscribers of <see cref="Connect"/> are called under the collection's lock, which is what makes the
/// snapshot and the live changes meet without a gap or a duplicate; keep them short (binding moves the real
/// work to a UI scheduler, see <see cref="StepBindingExtensions.BindSteps(IObservable{StepChangeSet}, System.Collections.ObjectModel.ObservableCollection{StepRow}, System.Reactive.Concurrency.IScheduler)"/>).
/// </remarks>
public sealed class StepCollection : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StepTable _ledger = new();
    private readonly List<StepRow> _rows = [];
    private readonly SubscriberList<StepChangeSet> _observers = new();
    private readonly IDisposable _subscription;
    private bool _completed;
    private Exception? _error;

    /// <summary>Creates the collection and subscribes to <paramref name="source"/> at once.</summary>
    /// <param name="source">The statuses, e.g. <see cref="ChatStatusTracker.WithHistory"/> to include what happened before.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public StepCollection(IObservable<ChatStatus> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _subscription = source.Subscribe(OnStatus, OnError, OnCompleted);
    }

    /// <summary>The rows, in step order (a snapshot).</summary>
    public IReadOnlyList<StepRow> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows];
            }
        }
    }

    /// <summary>How many subscriptions to <see cref="Connect"/> are live.</summary>
    public int ObserverCount => _observers.Count;

    /// <summary>
    /// A snapshot of the rows as one change set of adds (empty when there are none), then the changes of every
    /// later status. Completes (or fails) when the source does.
    /// </summary>
    /// <returns>The change sets.</returns>
    public IObservable<StepChangeSet> Connect() => Observable.Create<StepChangeSet>(observer =>
    {
        lock (_gate)
        {
            observer.OnNext(new StepChangeSet([.. _rows.Select((row, index) => new StepChange(StepChangeReason.Add, index, row))], IsSnapshot: true));
            if (_error is not null)
            {
                observer.OnError(_error);
                return Disposable.Empty;
            }

            if (_completed)
            {
                observer.OnCompleted();
                return Disposable.Empty;
            }

            var subscription = new Subscription<StepChangeSet>(_observers, observer);
            _observers.Add(subscription);
            return subscription;
        }
    });

    /// <summary>Unsubscribes from the source and completes every <see cref="Connect"/> subscription.</summary>
    public void Dispose()
    {
        _subscription.Dispose();
        OnCompleted();
    }

    private void OnStatus(ChatStatus status)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            StepChange change;
            if (status.IsReset)
            {
                _ledger.Clear();
                _rows.Clear();
                change = new StepChange(StepChangeReason.Clear, -1, null);
            }
            else if (!StepTable.Accepts(status))
            {
                return;
            }
            else
            {
                _ledger.Apply(status);
                var row = _ledger.RowOf(status);
                var index = IndexOf(status.Step);
                if (index >= 0)
                {
                    var previous = _rows[index];
                    _rows[index] = row;
                    change = new StepChange(StepChangeReason.Update, index, row, previous);
                }
                else
                {
                    index = ~index;
                    _rows.Insert(index, row);
                    change = new StepChange(StepChangeReason.Add, index, row);
                }
            }

            var changes = new StepChangeSet([change]);
            foreach (var subscription in _observers.Snapshot)
            {
                if (!subscription.IsDisposed)
                {
                    subscription.Observer.OnNext(changes);
                }
            }
        }
    }

    // Rows are kept in step order, so a binary search by key finds a row or the place for it.
    private int IndexOf(int step)
    {
        int low = 0, high = _rows.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var found = _rows[middle].Step;
            if (found == step)
            {
                return middle;
            }

            if (found < step)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private void OnError(Exception error) => Terminate(observer => observer.OnError(error), error);

    private void OnCompleted() => Terminate(observer => observer.OnCompleted(), error: null);

    private void Terminate(Action<IObserver<StepChangeSet>> signal, Exception? error)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _error = error;
            foreach (var subscription in _observers.TakeAll())
            {
                signal(subscription.Observer);
            }
        }
    }
}
