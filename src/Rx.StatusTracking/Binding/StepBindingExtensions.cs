using System.Collections.ObjectModel;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace Rx.StatusTracking;

/// <summary>Binding of step change sets onto observable collections for UIs.</summary>
public static class StepBindingExtensions
{
    /// <summary>Keeps <paramref name="target"/> equal to the step list, changing it only on <paramref name="scheduler"/>.</summary>
    /// <param name="changes">The change sets, usually <see cref="StepCollection.Connect"/>.</param>
    /// <param name="target">The collection to keep in step order; the binding owns its content.</param>
    /// <param name="scheduler">The UI thread's scheduler: <c>CollectionChanged</c> is raised only there.</param>
    /// <returns>A handle that stops the binding.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IDisposable BindSteps(this IObservable<StepChangeSet> changes, ObservableCollection<StepRow> target, IScheduler scheduler) =>
        changes.BindSteps(target, static row => row, scheduler);

    /// <summary>Creates a collection bound to the step list and hands it out read-only.</summary>
    /// <param name="changes">The change sets, usually <see cref="StepCollection.Connect"/>.</param>
    /// <param name="scheduler">The UI thread's scheduler.</param>
    /// <param name="collection">The bound collection.</param>
    /// <returns>A handle that stops the binding.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IDisposable BindSteps(this IObservable<StepChangeSet> changes, IScheduler scheduler, out ReadOnlyObservableCollection<StepRow> collection)
    {
        var target = new ObservableCollection<StepRow>();
        collection = new ReadOnlyObservableCollection<StepRow>(target);
        return changes.BindSteps(target, scheduler);
    }

    /// <summary>
    /// Keeps <paramref name="target"/> holding one item per step, in step order, made by <paramref name="selector"/>,
    /// changing it only on <paramref name="scheduler"/>.
    /// </summary>
    /// <remarks>
    /// Changes that arrive between two runs of <paramref name="scheduler"/> are merged per step, so a flood of
    /// updates costs the UI one event per changed row per run: an <c>Add</c> for a new step, a <c>Replace</c> at
    /// the same index for a changed one (selection and scroll position survive, unlike a <c>Reset</c>), and a
    /// <c>Reset</c> only when the tracker was reset (or, once, when binding replaces items the collection already
    /// held). Binding to an empty collection raises one <c>Add</c> per existing step. Rows are found by step number,
    /// never by value equality.
    /// </remarks>
    /// <typeparam name="T">The item type shown by the UI.</typeparam>
    /// <param name="changes">The change sets, usually <see cref="StepCollection.Connect"/>.</param>
    /// <param name="target">The collection; the binding owns its content.</param>
    /// <param name="selector">Makes the item for a row.</param>
    /// <param name="scheduler">The UI thread's scheduler.</param>
    /// <returns>A handle that stops the binding.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IDisposable BindSteps<T>(this IObservable<StepChangeSet> changes, ObservableCollection<T> target, Func<StepRow, T> selector, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(scheduler);
        return Bind(changes, new Binder<T>(target, selector, update: null, scheduler));
    }

    /// <summary>
    /// Keeps <paramref name="target"/> holding one item per step, in step order, changing it only on
    /// <paramref name="scheduler"/>, and updates each step's item in place: <paramref name="create"/> makes the item when its
    /// step first appears, <paramref name="update"/> gives the same item the step's newer rows. For MVVM row view models
    /// (an <c>ObservableObject</c> that raises its own <c>PropertyChanged</c>), so per-row state such as <c>IsExpanded</c>
    /// or a selection survives every update.
    /// </summary>
    /// <remarks>
    /// Changes are merged per step between two runs of <paramref name="scheduler"/> as in
    /// <see cref="BindSteps{T}(IObservable{StepChangeSet}, ObservableCollection{T}, Func{StepRow, T}, IScheduler)"/>, so
    /// <paramref name="update"/> runs at most once per changed step per run, with the step's newest row. A new step raises
    /// an <c>Add</c>; an update raises no collection event at all (the item tells its own bindings). A tracker reset clears
    /// the collection (one <c>Reset</c>) and the next rows get new items from <paramref name="create"/>.
    /// </remarks>
    /// <typeparam name="T">The item type shown by the UI, usually a row view model.</typeparam>
    /// <param name="changes">The change sets, usually <see cref="StepCollection.Connect"/>.</param>
    /// <param name="target">The collection; the binding owns its content.</param>
    /// <param name="create">Makes the item of a step from its first row.</param>
    /// <param name="update">Gives an existing item its step's newer row (runs on <paramref name="scheduler"/>).</param>
    /// <param name="scheduler">The UI thread's scheduler.</param>
    /// <returns>A handle that stops the binding.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IDisposable BindSteps<T>(this IObservable<StepChangeSet> changes, ObservableCollection<T> target, Func<StepRow, T> create, Action<T, StepRow> update, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(scheduler);
        return Bind(changes, new Binder<T>(target, create, update, scheduler));
    }

    private static CompositeDisposable Bind<T>(IObservable<StepChangeSet> changes, Binder<T> binder) =>
        new(changes.Subscribe(binder.Merge), binder);

    // update is null: a changed row's item is replaced (selector); otherwise the item stays and is updated in place.
    private sealed class Binder<T>(ObservableCollection<T> target, Func<StepRow, T> selector, Action<T, StepRow>? update, IScheduler scheduler) : IDisposable
    {
        private static readonly Comparison<StepRow> ByStep = static (a, b) => a.Step.CompareTo(b.Step);

        private readonly Lock _gate = new();
        private readonly List<int> _keys = [];
        private readonly List<StepRow> _draining = [];
        private Dictionary<int, StepRow> _pending = [];
        private Dictionary<int, StepRow> _spare = [];
        private bool _clearFirst;
        private bool _drainScheduled;
        private volatile bool _disposed;

        /// <summary>Runs on the producer's thread: merges the changes and asks the UI scheduler for one drain.</summary>
        public void Merge(StepChangeSet set)
        {
            lock (_gate)
            {
                if (set.IsSnapshot)
                {
                    // The binding owns the target: a snapshot replaces whatever it held.
                    _pending.Clear();
                    _clearFirst = true;
                }

                foreach (var change in set.Changes)
                {
                    if (change.Reason == StepChangeReason.Clear)
                    {
                        _pending.Clear();
                        _clearFirst = true;
                    }
                    else if (change.Current is { } row)
                    {
                        _pending[row.Step] = row;
                    }
                }

                if (_drainScheduled)
                {
                    return;
                }

                _drainScheduled = true;
            }

            // Outside the lock: a scheduler that runs the drain at once must not run it under our lock.
            scheduler.Schedule(Drain);
        }

        // Scheduled drains cannot always be cancelled; once disposed they do nothing.
        public void Dispose() => _disposed = true;

        /// <summary>Runs on the UI scheduler: applies the net changes, one event per changed row.</summary>
        private void Drain()
        {
            bool clear;
            lock (_gate)
            {
                (_pending, _spare) = (_spare, _pending);
                clear = _clearFirst;
                _clearFirst = false;
                _drainScheduled = false;
            }

            if (_disposed)
            {
                _spare.Clear();
                return;
            }

            if (clear)
            {
                _keys.Clear();

                // Binding to an empty collection is not a reset: its rows arrive as Adds.
                if (target.Count > 0)
                {
                    target.Clear();
                }
            }

            _draining.AddRange(_spare.Values);
            _spare.Clear();
            _draining.Sort(ByStep);
            foreach (var row in _draining)
            {
                var index = _keys.BinarySearch(row.Step);
                if (index >= 0 && update is not null)
                {
                    update(target[index], row);
                }
                else if (index >= 0)
                {
                    target[index] = selector(row);
                }
                else
                {
                    _keys.Insert(~index, row.Step);
                    target.Insert(~index, selector(row));
                }
            }

            _draining.Clear();
        }
    }
}
