using System.ComponentModel;
using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// The simplest status UI: a percentage, the current description and state, whether anything failed, and the
/// summary as text, raising <see cref="PropertyChanged"/> only on the given (UI) scheduler. Updates that arrive
/// between two runs of that scheduler are merged, so a flood of statuses cannot flood the UI.
/// </summary>
public sealed class StatusViewModel : INotifyPropertyChanged, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SummaryFold _summary = new(failureLimit: StatusTrackerOptions.DefaultHistoryLimit);
    private readonly IScheduler _scheduler;
    private readonly int? _expectedSteps;
    private readonly IDisposable _subscription;
    private ChatStatus? _latest;
    private bool _sawFailure;
    private bool _completed;
    private bool _refreshScheduled;
    private volatile bool _disposed;

    /// <summary>Creates the view model and subscribes to <paramref name="source"/>.</summary>
    /// <param name="source">The statuses, e.g. <see cref="ChatStatusTracker.WithHistory"/>.</param>
    /// <param name="scheduler">The UI thread's scheduler; properties change only there.</param>
    /// <param name="expectedSteps">How many steps the operation will have, if known (for <see cref="Percent"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedSteps"/> is less than 1.</exception>
    public StatusViewModel(IObservable<ChatStatus> source, IScheduler scheduler, int? expectedSteps = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (expectedSteps is { } expected)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expected, 1, nameof(expectedSteps));
        }

        _scheduler = scheduler;
        _expectedSteps = expectedSteps;
        _subscription = source.Subscribe(OnStatus, _ => OnEnd(), OnEnd);
    }

    /// <inheritdoc />
    public event PropertyChangedEventHandler? PropertyChanged;

    /// <summary>Finished steps in percent, in [0, 100] (of the expected steps when given, else of the steps seen).</summary>
    public double Percent { get; private set; }

    /// <summary>The latest status's description; empty before the first.</summary>
    public string CurrentDescription { get; private set; } = "";

    /// <summary>The latest status's state; <see langword="null"/> before the first.</summary>
    public StatusState? State { get; private set; }

    /// <summary>Whether any step failed since the last reset (also when it was retried successfully).</summary>
    public bool HasFailures { get; private set; }

    /// <summary>Whether the source completed.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>The summary as a readable report (<see cref="ExecutionSummary.ToString"/>).</summary>
    public string SummaryText { get; private set; } = ExecutionSummary.Empty.ToString();

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }

    private void OnStatus(ChatStatus status)
    {
        bool schedule;
        lock (_gate)
        {
            _summary.Apply(status);
            _latest = status.IsReset ? null : status;
            _sawFailure = !status.IsReset && (_sawFailure || status.State == StatusState.Failed);
            schedule = ClaimRefreshLocked();
        }

        if (schedule)
        {
            _scheduler.Schedule(Refresh);
        }
    }

    private void OnEnd()
    {
        bool schedule;
        lock (_gate)
        {
            _completed = true;
            schedule = ClaimRefreshLocked();
        }

        if (schedule)
        {
            _scheduler.Schedule(Refresh);
        }
    }

    // One refresh at a time is scheduled (outside the lock, so an immediate scheduler never runs UI code under it).
    private bool ClaimRefreshLocked()
    {
        if (_refreshScheduled)
        {
            return false;
        }

        _refreshScheduled = true;
        return true;
    }

    // Runs on the UI scheduler: reads the merged state once and raises an event per property that changed.
    private void Refresh()
    {
        double percent;
        ChatStatus? latest;
        bool failed, completed;
        string summary;
        if (_disposed)
        {
            return;
        }

        lock (_gate)
        {
            _refreshScheduled = false;
            percent = _summary.Steps.ToProgress(_expectedSteps).Percent;
            latest = _latest;
            failed = _sawFailure;
            completed = _completed;
            summary = _summary.ToSummary(endedAt: null).ToString();
        }

        Set(Percent, percent, v => Percent = v, nameof(Percent));
        Set(CurrentDescription, latest?.Description ?? "", v => CurrentDescription = v, nameof(CurrentDescription));
        Set(State, latest?.State, v => State = v, nameof(State));
        Set(HasFailures, failed, v => HasFailures = v, nameof(HasFailures));
        Set(IsCompleted, completed, v => IsCompleted = v, nameof(IsCompleted));
        Set(SummaryText, summary, v => SummaryText = v, nameof(SummaryText));
    }

    private void Set<T>(T current, T next, Action<T> assign, string name)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return;
        }

        assign(next);
        PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(name));
    }
}
