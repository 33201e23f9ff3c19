using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>
/// Records the steps of one long-running operation and publishes them as a hot
/// <see cref="IObservable{T}"/> of immutable, timestamped, sequence-numbered <see cref="ChatStatus"/> values.
/// </summary>
/// <remarks>
/// <para>
/// <b>Thread safety.</b> Every member may be called from many threads at once. Each report is
/// validated, stamped from <see cref="StatusTrackerOptions.Scheduler"/>, given the next
/// <see cref="ChatStatus.Sequence"/> and appended to the history under a short internal lock.
/// </para>
/// <para>
/// <b>Delivery.</b> Subscribers and the constructor's callback see one call at a time, in
/// sequence order (the Rx grammar). User code never runs under the tracker's lock: recorded
/// statuses go to a delivery queue that one thread at a time drains outside the lock, usually the
/// reporting thread itself. So a subscriber may take its own locks, report to this tracker, or
/// subscribe and unsubscribe from <c>OnNext</c> without a deadlock: a report made while another
/// thread is delivering is queued, and the delivering thread hands it on before it returns. The
/// price is that a report can return before its status has reached the subscribers, and that a
/// reporting thread may deliver statuses reported by others. A subscriber that needs to do slow
/// work should move it off the delivering thread (<c>ObserveOn</c>).
/// </para>
/// <para>
/// <b>Isolation.</b> An exception thrown by the callback or by a subscriber never reaches the
/// producer and never stops delivery to the others: it is reported on <see cref="Errors"/>
/// (<see cref="StatusTrackingErrorKind.CallbackFailed"/>, <see cref="StatusTrackingErrorKind.SubscriberFailed"/>)
/// and the subscriber stays subscribed.
/// </para>
/// <para>
/// <b>Bad input.</b> With <see cref="StatusValidation.Strict"/>, a bad argument throws the matching
/// <see cref="ArgumentException"/>, an invalid transition throws <see cref="InvalidStatusTransitionException"/>
/// and a report after <see cref="Complete()"/> throws <see cref="InvalidOperationException"/>; nothing is
/// recorded. With <see cref="StatusValidation.Lenient"/> (the default) nothing throws except a null
/// status given to <see cref="Update"/>: bad arguments get the fallback each method documents and are
/// recorded; invalid transitions and reports after completion are dropped and returned with
/// <see cref="ChatStatus.Sequence"/> 0. Every fallback and drop is reported on <see cref="Errors"/>.
/// </para>
/// <para>
/// <b>Reset.</b> <see cref="Reset"/> clears the history, the current status, the failures and the
/// summary, and emits one marker status with <see cref="ChatStatus.IsReset"/> set, so views built
/// from the stream can forget what they knew at the right point of the sequence.
/// </para>
/// </remarks>
public sealed partial class ChatStatusTracker : IObservable<ChatStatus>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly StatusClock _clock;
    private readonly ReportPolicy _policy;
    private readonly TrackerDispatcher _dispatcher;
    private readonly HistoryThenLive _withHistory;
    private readonly ErrorStream _errors;
    private readonly RetainedTotals? _totals;

    // State below is guarded by _gate.
    private readonly StatusJournal _journal;
    private DateTimeOffset? _completedAt;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates a tracker.</summary>
    /// <param name="onStatus">
    /// Optional callback that sees every recorded status (reset markers included) in sequence
    /// order, before the subscribers. If it throws, the exception is reported on <see cref="Errors"/>.
    /// </param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><see cref="StatusTrackerOptions.Scheduler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public ChatStatusTracker(Action<ChatStatus>? onStatus = null, StatusTrackerOptions? options = null)
    {
        options ??= new StatusTrackerOptions();
        options.Validate();
        _clock = new StatusClock(options.Scheduler);
        _policy = new ReportPolicy(options.Validation, options.MaxDescriptionLength);
        _totals = options.HubTotals;
        _journal = new StatusJournal(options.HistoryLimit, _totals);
        _dispatcher = new TrackerDispatcher(onStatus, _clock);
        _withHistory = new HistoryThenLive(this);
        _errors = new ErrorStream(this);
    }

    /// <summary>The clock every timestamp of this tracker comes from.</summary>
    public IScheduler Scheduler => _clock.Scheduler;

    /// <summary>
    /// Completes when the tracker completes (<see cref="Complete()"/> or <see cref="Dispose"/>): nothing is recorded after
    /// it, as <c>ChannelReader.Completion</c> says of a channel. It never faults or cancels.
    /// </summary>
    /// <remarks>
    /// It completes once every subscriber has had every status and its <c>OnCompleted</c>, on the thread that delivered
    /// them (usually the one that completed the tracker; another thread's delivery, when one was under way), and
    /// synchronous continuations run there, like the subscribers' <c>OnCompleted</c>; code that does slow work after it
    /// should move off that thread (<c>await Task.Yield()</c>, or <c>ContinueWith</c> without <c>ExecuteSynchronously</c>).
    /// </remarks>
    public Task Completion => _dispatcher.Completion;

    /// <summary>
    /// The latest recorded status (never a reset marker); <see langword="null"/> when nothing was recorded since the last
    /// reset, or when a hub's memory budget shed the history of this completed operation (its summary stays).
    /// </summary>
    public ChatStatus? Current => Read(static journal => journal.Current);

    /// <summary>A snapshot of the retained history, oldest first (at most <see cref="StatusTrackerOptions.HistoryLimit"/> statuses).</summary>
    public IReadOnlyList<ChatStatus> History => Read(static journal => journal.History);

    /// <summary>How many statuses were dropped from the history since the last reset: because it was full, or shed to a hub's memory budget.</summary>
    public long DroppedFromHistory => Read(static journal => journal.HistoryDropped);

    /// <summary>The sequence number of the latest recorded status or reset marker; 0 before the first.</summary>
    public long LastSequence => Read(static journal => journal.LastSequence);

    /// <summary>Whether any <see cref="StatusState.Failed"/> status was recorded since the last reset (also when later retried successfully).</summary>
    public bool HasFailures => Read(static journal => journal.HasFailures);

    /// <summary>
    /// Every <see cref="StatusState.Failed"/> status since the last reset, oldest first, including failures
    /// later retried successfully. Bounded by <see cref="StatusTrackerOptions.HistoryLimit"/> like the history
    /// (the oldest are dropped first and reported as <see cref="StatusTrackingErrorKind.FailuresTrimmed"/>).
    /// </summary>
    public IReadOnlyList<ChatStatus> Failures => Read(static journal => journal.Failures);

    /// <summary>Whether <see cref="Complete()"/> (or <see cref="Dispose"/>) was called.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>How many times the tracker was reset; lets code that numbers steps start over after a reset.</summary>
    public long ResetCount => _journal.ResetCount;

    /// <summary>
    /// Takes the next free step number: one above every step recorded or reserved since the last reset (so 1
    /// on a fresh or reset tracker). For code that numbers its steps by itself, such as the AI middleware: numbers
    /// taken here never collide with each other, nor with steps already reported by hand.
    /// </summary>
    /// <remarks>
    /// Reserving records nothing. A step reported later by hand above the reserved ones moves the next number past it.
    /// The step is top-level: its parent is fixed (see <see cref="ReserveStep(int)"/> for a child).
    /// </remarks>
    /// <returns>The reserved step number.</returns>
    /// <exception cref="InvalidOperationException">A step of <see cref="int.MaxValue"/> was already recorded or reserved: no number is left above it.</exception>
    public int ReserveStep() => Read(static journal => journal.ReserveStep());

    /// <summary>
    /// Takes the next free step number as <see cref="ReserveStep()"/> does, as a child of <paramref name="parentStep"/>: every
    /// status recorded on it carries that <see cref="ChatStatus.ParentStep"/>, whichever method reports it.
    /// </summary>
    /// <param name="parentStep">
    /// Its parent: a step recorded or reserved since the last reset. Lenient fallback for another: a top-level step is
    /// reserved, reported on <see cref="Errors"/>.
    /// </param>
    /// <returns>The reserved step number.</returns>
    /// <exception cref="InvalidParentStepException">Strict: <paramref name="parentStep"/> was neither recorded nor reserved since the last reset (nothing is reserved).</exception>
    /// <exception cref="InvalidOperationException">No number is left (see <see cref="ReserveStep()"/>).</exception>
    public int ReserveStep(int parentStep)
    {
        int step;
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_journal.IsKnown(parentStep))
            {
                return _journal.ReserveStep(parentStep);
            }

            var problem = _policy.RefuseReservedParent(parentStep);
            step = _journal.ReserveStep();
            _dispatcher.QueueError(ReportPolicy.ReservedAtTopLevel(problem, step, _clock.Now), ref claim);
        }

        _dispatcher.Deliver(claim);
        return step;
    }

    /// <summary>How many subscriptions to the status stream are live (for diagnostics and leak checks).</summary>
    public int SubscriberCount => _dispatcher.Subscribers.Count;

    /// <summary>
    /// What the tracker handled without throwing at the producer, each with a <see cref="StatusTrackingError.Severity"/>:
    /// history trims (information: the bound doing its job), lenient fallbacks and drops (warnings), and callbacks or
    /// subscribers that threw (errors). Hot: a subscriber sees what happens after it subscribed. Completes when the
    /// tracker is disposed.
    /// </summary>
    public IObservable<StatusTrackingError> Errors => _errors;

    /// <summary>
    /// Ends the operation: every subscriber gets <c>OnCompleted</c> exactly once, after every status recorded
    /// before. Later reports are not recorded. Calling it again does nothing. The summary's duration ends here.
    /// </summary>
    public void Complete() => Complete(_clock.Now);

    /// <summary>
    /// Ends the operation at a time given rather than now, as <see cref="Complete()"/> does otherwise: how a mirror
    /// (<see cref="Import"/>) ends an operation when its source did, so the summary's duration is the source's, not the
    /// source's plus the time the news took to arrive. A time before the last status's is taken as that one's.
    /// </summary>
    /// <param name="completedAt">When the operation ended.</param>
    public void Complete(DateTimeOffset completedAt)
    {
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _completedAt = _journal.NotBeforeLastStamp(completedAt);
            _dispatcher.QueueCompletion(ref claim);
        }

        _dispatcher.Deliver(claim);
    }

    /// <summary>
    /// When the operation ended (<see cref="Complete()"/>, stamped by the tracker's scheduler and never before the last
    /// status, or the time given to <see cref="Complete(DateTimeOffset)"/>); <see langword="null"/> while it runs.
    /// </summary>
    public DateTimeOffset? CompletedAt
    {
        get
        {
            lock (_gate)
            {
                return _completedAt;
            }
        }
    }

    /// <summary>The figures of what was recorded since the last reset (see <see cref="ExecutionSummary"/>).</summary>
    /// <returns>A snapshot summary.</returns>
    public ExecutionSummary GetSummary()
    {
        lock (_gate)
        {
            return _journal.Summary(_completedAt);
        }
    }

    /// <summary>
    /// The progress of what was recorded since the last reset: the same figures the <c>Progress</c> operator gives
    /// after the latest status.
    /// </summary>
    /// <param name="expectedSteps">How many steps the operation will have, if known (1 or more).</param>
    /// <returns>A snapshot.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedSteps"/> is less than 1.</exception>
    public ProgressSnapshot GetProgress(int? expectedSteps = null)
    {
        if (expectedSteps is { } expected)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(expected, 1, nameof(expectedSteps));
        }

        lock (_gate)
        {
            return _journal.Progress(expectedSteps);
        }
    }

    /// <summary>
    /// The retained history, then live statuses, with no gap and no duplicate even while other threads report.
    /// After <see cref="Complete()"/> it replays the history and completes.
    /// </summary>
    /// <returns>A stream whose every subscription starts with its own snapshot of the history.</returns>
    public IObservable<ChatStatus> WithHistory() => _withHistory;

    /// <summary>
    /// Subscribes to statuses recorded from now on (hot). After <see cref="Complete()"/> or <see cref="Dispose"/>
    /// the observer gets <c>OnCompleted</c> at once.
    /// </summary>
    /// <param name="observer">The observer; it is never given <c>OnError</c>.</param>
    /// <returns>A handle that unsubscribes when disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<ChatStatus> observer) => SubscribeCore(observer, withHistory: false);

    /// <summary>Completes the stream (as <see cref="Complete()"/>), completes <see cref="Errors"/> and releases every subscription.</summary>
    public void Dispose()
    {
        Complete();
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _journal.Release();
            _dispatcher.QueueErrorsCompletion(subscriptions: null, ref claim);
        }

        _dispatcher.Deliver(claim);
    }

    private IDisposable SubscribeCore(IObserver<ChatStatus> observer, bool withHistory)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Subscription<ChatStatus> subscription;
        var claim = default(DrainClaim);
        lock (_gate)
        {
            // Queued statuses up to here are in the snapshot (or predate the subscription): skip them live.
            var replay = withHistory ? _journal.History : [];
            subscription = new Subscription<ChatStatus>(_dispatcher.Subscribers, observer)
            {
                StartAfter = _journal.LastSequence,
                Replay = replay.Length > 0 ? replay : null,
                CompleteAfterReplay = _completed,
            };

            if (!_completed)
            {
                _dispatcher.Subscribers.Add(subscription);
            }

            if (_completed || replay.Length > 0)
            {
                _dispatcher.QueueReplay(subscription, ref claim);
            }
        }

        _dispatcher.Deliver(claim);
        return subscription;
    }

    private IDisposable SubscribeErrors(IObserver<StatusTrackingError> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new Subscription<StatusTrackingError>(_dispatcher.ErrorSubscribers, observer) { StartAfter = _dispatcher.ErrorSequence };
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_disposed)
            {
                _dispatcher.QueueErrorsCompletion([subscription], ref claim);
            }
            else
            {
                _dispatcher.ErrorSubscribers.Add(subscription);
            }
        }

        _dispatcher.Deliver(claim);
        return subscription;
    }

    private T Read<T>(Func<StatusJournal, T> read)
    {
        lock (_gate)
        {
            return read(_journal);
        }
    }

    private sealed class HistoryThenLive(ChatStatusTracker owner) : IObservable<ChatStatus>
    {
        public IDisposable Subscribe(IObserver<ChatStatus> observer) => owner.SubscribeCore(observer, withHistory: true);
    }

    private sealed class ErrorStream(ChatStatusTracker owner) : IObservable<StatusTrackingError>
    {
        public IDisposable Subscribe(IObserver<StatusTrackingError> observer) => owner.SubscribeErrors(observer);
    }
}
