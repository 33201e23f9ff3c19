using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
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
/// and a report after <see cref="Complete"/> throws <see cref="InvalidOperationException"/>; nothing is
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
public sealed class ChatStatusTracker : IObservable<ChatStatus>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action<ChatStatus>? _onStatus;
    private readonly IScheduler _scheduler;
    private readonly bool _strict;
    private readonly int _historyLimit;
    private readonly int _maxDescriptionLength;
    private readonly HistoryThenLive _withHistory;
    private readonly ErrorStream _errors;

    // State below is guarded by _gate.
    private readonly StatusRing _history;
    private readonly StepLedger _ledger;
    private long _sequence;
    private long _historyDropped;
    private long _resetCount;
    private int _highestStep;
    private int _historyTrimCountdown = 1;
    private int _failureTrimCountdown = 1;
    private DateTimeOffset _lastStamp;
    private DateTimeOffset? _completedAt;
    private bool _completed;
    private bool _disposed;
    private StatusSubscription[] _subscribers = [];
    private ErrorSubscription[] _errorSubscribers = [];

    // Delivery queue (see DrainFrom). _undelivered counts queued items plus the one being delivered.
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private int _undelivered;
    private long _errorSequence;

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
        _onStatus = onStatus;
        _scheduler = options.Scheduler;
        _strict = options.Validation == StatusValidation.Strict;
        _historyLimit = options.HistoryLimit;
        _maxDescriptionLength = options.MaxDescriptionLength;
        _history = new StatusRing(_historyLimit);
        _ledger = new StepLedger(_historyLimit);
        _withHistory = new HistoryThenLive(this);
        _errors = new ErrorStream(this);
    }

    /// <summary>Called once, outside the lock, when the tracker completes (the hub's lifecycle hook: not a subscription).</summary>
    internal Action? CompletionHook { get; set; }

    /// <summary>The clock every timestamp of this tracker comes from.</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>The latest recorded status (never a reset marker); <see langword="null"/> when nothing was recorded since the last reset.</summary>
    public ChatStatus? Current
    {
        get
        {
            lock (_gate)
            {
                return _history.Last;
            }
        }
    }

    /// <summary>A snapshot of the retained history, oldest first (at most <see cref="StatusTrackerOptions.HistoryLimit"/> statuses).</summary>
    public IReadOnlyList<ChatStatus> History
    {
        get
        {
            lock (_gate)
            {
                return _history.ToArray();
            }
        }
    }

    /// <summary>How many statuses were dropped from the history since the last reset because it was full.</summary>
    public long DroppedFromHistory
    {
        get
        {
            lock (_gate)
            {
                return _historyDropped;
            }
        }
    }

    /// <summary>The sequence number of the latest recorded status or reset marker; 0 before the first.</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Whether any <see cref="StatusState.Failed"/> status was recorded since the last reset (also when later retried successfully).</summary>
    public bool HasFailures
    {
        get
        {
            lock (_gate)
            {
                return _ledger.TotalFailures > 0;
            }
        }
    }

    /// <summary>
    /// Every <see cref="StatusState.Failed"/> status since the last reset, oldest first, including failures
    /// later retried successfully. Bounded by <see cref="StatusTrackerOptions.HistoryLimit"/> like the history
    /// (the oldest are dropped first and reported as <see cref="StatusTrackingErrorKind.FailuresTrimmed"/>).
    /// </summary>
    public IReadOnlyList<ChatStatus> Failures
    {
        get
        {
            lock (_gate)
            {
                return _ledger.Failures;
            }
        }
    }

    /// <summary>Whether <see cref="Complete"/> (or <see cref="Dispose"/>) was called.</summary>
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
    public long ResetCount => Interlocked.Read(ref _resetCount);

    /// <summary>
    /// Takes the next free step number: one above every step recorded or reserved since the last reset (so 1
    /// on a fresh or reset tracker). For code that numbers its steps by itself, such as the AI middleware: numbers
    /// taken here never collide with each other, nor with steps already reported by hand.
    /// </summary>
    /// <remarks>Reserving records nothing. A step reported later by hand above the reserved ones moves the next number past it.</remarks>
    /// <returns>The reserved step number.</returns>
    /// <exception cref="InvalidOperationException">A step of <see cref="int.MaxValue"/> was already recorded or reserved: no number is left above it.</exception>
    public int ReserveStep()
    {
        lock (_gate)
        {
            if (_highestStep == int.MaxValue)
            {
                throw new InvalidOperationException("No step number is left: step int.MaxValue was already recorded or reserved.");
            }

            return ++_highestStep;
        }
    }

    /// <summary>How many subscriptions to the status stream are live (for diagnostics and leak checks).</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>
    /// What the tracker handled without throwing at the producer, each with a <see cref="StatusTrackingError.Severity"/>:
    /// history trims (information: the bound doing its job), lenient fallbacks and drops (warnings), and callbacks or
    /// subscribers that threw (errors). Hot: a subscriber sees what happens after it subscribed. Completes when the
    /// tracker is disposed.
    /// </summary>
    public IObservable<StatusTrackingError> Errors => _errors;

    /// <summary>Reports that a step is waiting to start.</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Pending(int step, string description, object? data = null) =>
        Record(step, description, StatusState.Pending, data, error: null, timestamp: default, note: null);

    /// <summary>Reports that a step is running; repeated calls are progress updates and do not count as new attempts.</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload, e.g. a progress figure.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it (it is completed).</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Executing(int step, string description, object? data = null) =>
        Record(step, description, StatusState.Executing, data, error: null, timestamp: default, note: null);

    /// <summary>Reports that a step finished successfully. Nothing may be reported on the step afterwards.</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload, e.g. a result summary.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Completed(int step, string description, object? data = null) =>
        Record(step, description, StatusState.Completed, data, error: null, timestamp: default, note: null);

    /// <summary>Reports that a step failed without an exception to capture. The step may be retried with <see cref="Executing"/>.</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence, e.g. <see cref="ChatStatusMessages.ToolFailed"/>. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Failed(int step, string description, object? data = null) =>
        Record(step, description, StatusState.Failed, data, error: null, timestamp: default, note: null);

    /// <summary>Reports that a step failed with an exception, captured as <see cref="ChatStatus.Error"/> (<see cref="StatusError.From"/>).</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="error">
    /// The exception; <see langword="null"/> records the failure without an error, in both modes (so
    /// <c>Failed(step, description, null)</c>, which C# binds to this overload, means what it says).
    /// </param>
    /// <param name="data">Optional payload.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Failed(int step, string description, Exception? error, object? data = null) =>
        Record(step, description, StatusState.Failed, data, error is null ? null : StatusError.From(error), timestamp: default, note: null);

    /// <summary>
    /// Records a status built elsewhere (for example received from another process). The tracker assigns
    /// <see cref="ChatStatus.Sequence"/> and, when <see cref="ChatStatus.Timestamp"/> is <see langword="default"/>,
    /// the timestamp; <see cref="ChatStatus.Data"/> and <see cref="ChatStatus.Error"/> are kept. A status with
    /// <see cref="ChatStatus.IsReset"/> set resets the tracker (see <see cref="Reset"/>).
    /// </summary>
    /// <param name="status">The status to record. Its step, description and state are validated like the other methods' arguments;
    /// lenient fallback for an undefined state: <see cref="StatusState.Executing"/> (active, never a false ending).</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null (in both modes: there is nothing to fall back on).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Strict: the step is negative or the state undefined.</exception>
    /// <exception cref="ArgumentException">Strict: the description is blank or too long.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Update(ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.IsReset
            ? ResetCore()
            : Record(status.Step, status.Description, status.State, status.Data, status.Error, status.Timestamp, note: null);
    }

    /// <summary>
    /// Records a status that another tracker already recorded, keeping its <see cref="ChatStatus.Sequence"/> and
    /// <see cref="ChatStatus.Timestamp"/>: this is how a tracker mirrors an operation running elsewhere (another
    /// process or server), so that resume points such as an SSE <c>Last-Event-ID</c> mean the same everywhere.
    /// </summary>
    /// <remarks>
    /// Statuses must come in sequence order; gaps are allowed (the source may have conflated or trimmed). One whose
    /// sequence is not past <see cref="LastSequence"/> is a duplicate and is ignored. A reset marker resets the
    /// tracker. Transitions are not checked: the source tracker already applied its rules, and a mirror that
    /// starts from a trimmed stream may first see a step halfway through.
    /// </remarks>
    /// <param name="status">A status as recorded by its source tracker.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> for a duplicate or after <see cref="Complete"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sequence is below 1, the step is negative (and the status is not a reset marker) or the state is undefined.</exception>
    /// <exception cref="ArgumentException">The description is blank.</exception>
    public bool Import(ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentOutOfRangeException.ThrowIfLessThan(status.Sequence, 1, nameof(status));
        if (!status.IsReset)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(status.Step, nameof(status));
            if ((uint)status.State > (uint)StatusState.Failed)
            {
                throw new ArgumentOutOfRangeException(nameof(status), status.State, "Not a defined StatusState value.");
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(status.Description, nameof(status));
        }

        ChatStatus? direct = null;
        var drain = false;
        lock (_gate)
        {
            if (_completed || status.Sequence <= _sequence)
            {
                return false;
            }

            _sequence = status.Sequence;
            _lastStamp = NotBeforeLastStampLocked(status.Timestamp);
            if (status.IsReset)
            {
                ClearLocked();
                drain = HandOffLocked(status, ref direct);
            }
            else
            {
                ref var entry = ref _ledger.Find(status.Step, out var existed);
                drain = AppendLocked(status, ref entry, existed, ref direct);
            }
        }

        if (direct is not null || drain)
        {
            DrainFrom(direct);
        }

        return true;
    }

    /// <summary>
    /// Clears the history, the current status, the failures and the summary so the tracker can be reused,
    /// and emits a marker status (<see cref="ChatStatus.IsReset"/>, step <see cref="ChatStatus.ResetStep"/>,
    /// description <see cref="ChatStatusMessages.TrackerReset"/>) to the callback and every subscriber.
    /// Subscribers stay subscribed; sequence numbers keep increasing. The marker is not kept in the history.
    /// </summary>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed (lenient: reported, nothing cleared).</exception>
    public void Reset() => ResetCore();

    /// <summary>
    /// Ends the operation: every subscriber gets <c>OnCompleted</c> exactly once, after every status recorded
    /// before. Later reports are not recorded. Calling it again does nothing. The summary's duration ends here.
    /// </summary>
    public void Complete()
    {
        var now = _scheduler.Now;
        bool drain;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _completedAt = NotBeforeLastStampLocked(now);
            var subscribers = _subscribers;
            _subscribers = [];
            drain = EnqueueLocked(new Delivery(DeliveryKind.Completed, subscribers));
        }

        if (drain)
        {
            DrainFrom(null);
        }

        CompletionHook?.Invoke();
    }

    /// <summary>The figures of what was recorded since the last reset (see <see cref="ExecutionSummary"/>).</summary>
    /// <returns>A snapshot summary.</returns>
    public ExecutionSummary GetSummary()
    {
        lock (_gate)
        {
            return _ledger.ToSummary(_completedAt);
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
            return _ledger.ToProgress(expectedSteps);
        }
    }

    /// <summary>
    /// The retained history, then live statuses, with no gap and no duplicate even while other threads report.
    /// After <see cref="Complete"/> it replays the history and completes.
    /// </summary>
    /// <returns>A stream whose every subscription starts with its own snapshot of the history.</returns>
    public IObservable<ChatStatus> WithHistory() => _withHistory;

    /// <summary>
    /// Subscribes to statuses recorded from now on (hot). After <see cref="Complete"/> or <see cref="Dispose"/>
    /// the observer gets <c>OnCompleted</c> at once.
    /// </summary>
    /// <param name="observer">The observer; it is never given <c>OnError</c>.</param>
    /// <returns>A handle that unsubscribes when disposed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<ChatStatus> observer) => SubscribeCore(observer, withHistory: false);

    /// <summary>Completes the stream (as <see cref="Complete"/>), completes <see cref="Errors"/> and releases every subscription.</summary>
    public void Dispose()
    {
        Complete();
        bool drain;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var errorSubscribers = _errorSubscribers;
            _errorSubscribers = [];
            drain = EnqueueLocked(new Delivery(DeliveryKind.ErrorsCompleted, errorSubscribers));
        }

        if (drain)
        {
            DrainFrom(null);
        }
    }

    private ChatStatus Record(int step, string? description, StatusState state, object? data, StatusError? error, DateTimeOffset timestamp, string? note)
    {
        // Arguments first, outside the lock: strict mode throws before anything is touched. The common
        // case is checked inline; anything unusual goes to the out-of-line path.
        if (note is not null
            || step < 0
            || (uint)state > (uint)StatusState.Failed
            || description is null
            || description.Length == 0
            || description.Length > _maxDescriptionLength
            || char.IsWhiteSpace(description[0]))
        {
            CheckArguments(ref step, ref description, ref state, ref note);
        }

        var stamped = timestamp == default;
        var at = stamped ? _scheduler.Now : timestamp;

        ChatStatus? recorded = null;
        ChatStatus? refused = null;
        ChatStatus? direct = null;
        var drain = false;
        lock (_gate)
        {
            if (_completed)
            {
                refused = RefuseAfterCompletionLocked(step, description, state, data, error, at, out drain);
            }
            else
            {
                // One lookup serves the transition check and the update (a new step is never refused).
                ref var entry = ref _ledger.Find(step, out var existed);
                if (existed && !StatusTransitions.IsAllowed(entry.State, state))
                {
                    refused = RefuseTransitionLocked(entry.State, step, description, state, data, error, at, out drain);
                }
                else
                {
                    if (stamped)
                    {
                        at = _lastStamp = NotBeforeLastStampLocked(at);
                    }

                    recorded = new ChatStatus(step, description, state, at, data, error, ++_sequence);

                    if (note is not null)
                    {
                        drain = ReportFallbackLocked(note, recorded);
                    }

                    drain |= AppendLocked(recorded, ref entry, existed, ref direct);
                }
            }
        }

        if (direct is not null || drain)
        {
            DrainFrom(direct);
        }

        return recorded ?? refused!;
    }

    /// <summary>Strict: throws for a bad argument. Lenient: applies the documented fallback and notes it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckArguments(ref int step, [NotNull] ref string? description, ref StatusState state, ref string? note)
    {
        if (step < 0)
        {
            if (_strict)
            {
                throw new ArgumentOutOfRangeException(nameof(step), step, "A step number must be 0 or greater.");
            }

            note = Append(note, $"Step {step} is negative; the status was recorded as step 0.");
            step = 0;
        }

        if ((uint)state > (uint)StatusState.Failed)
        {
            if (_strict)
            {
                throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined StatusState value.");
            }

            note = Append(note, $"State {(int)state} is not a defined StatusState; the status was recorded as Executing.");
            state = StatusState.Executing;
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            if (_strict)
            {
                throw new ArgumentException("A description must not be null, empty or white space.", nameof(description));
            }

            note = Append(note, "The description was blank; a default sentence was used.");
            description = ChatStatusMessages.ForState(step, state);
        }
        else if (description.Length > _maxDescriptionLength)
        {
            if (_strict)
            {
                throw new ArgumentException($"A description must be at most {_maxDescriptionLength} characters; it was {description.Length}.", nameof(description));
            }

            note = Append(note, $"The description had {description.Length} characters; it was cut to {_maxDescriptionLength}.");
            description = TextCut.To(description, _maxDescriptionLength);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReportFallbackLocked(string note, ChatStatus recorded) =>
        EnqueueErrorLocked(new StatusTrackingError(StatusTrackingErrorKind.InvalidArgument, note, recorded.Timestamp) { Status = recorded });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChatStatus RefuseAfterCompletionLocked(int step, string description, StatusState state, object? data, StatusError? error, DateTimeOffset at, out bool drain)
    {
        ThrowIfStrictAfterCompletion();
        var message = $"Step {step} reported {state} after the tracker completed; it was not recorded.";
        return RefuseLocked(StatusTrackingErrorKind.ReportAfterCompletion, message, new ChatStatus(step, description, state, at, data, error, sequence: 0), out drain);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChatStatus RefuseTransitionLocked(StatusState from, int step, string description, StatusState state, object? data, StatusError? error, DateTimeOffset at, out bool drain)
    {
        if (_strict)
        {
            throw new InvalidStatusTransitionException(step, from, state);
        }

        var message = $"Step {step} cannot go from {from} to {state}; the report was dropped.";
        return RefuseLocked(StatusTrackingErrorKind.InvalidTransition, message, new ChatStatus(step, description, state, at, data, error, sequence: 0), out drain);
    }

    // A refused report is returned unrecorded (sequence 0) and reported on Errors.
    private ChatStatus RefuseLocked(StatusTrackingErrorKind kind, string message, ChatStatus refused, out bool drain)
    {
        drain = EnqueueErrorLocked(new StatusTrackingError(kind, message, refused.Timestamp) { Status = refused });
        return refused;
    }

    /// <summary>Appends a recorded status to the history and the ledger, then hands it to delivery.</summary>
    /// <returns><see langword="true"/> when the caller must drain the delivery queue.</returns>
    private bool AppendLocked(ChatStatus recorded, ref StepLedger.StepEntry entry, bool existed, ref ChatStatus? direct)
    {
        var drain = false;
        if (_history.Add(recorded))
        {
            _historyDropped++;
            if (IsFirstOfTrim(ref _historyTrimCountdown))
            {
                drain = ReportTrimLocked(StatusTrackingErrorKind.HistoryTrimmed, "history is", _historyDropped, recorded);
            }
        }

        if (!existed && recorded.Step > _highestStep)
        {
            _highestStep = recorded.Step;
        }

        if (_ledger.Apply(ref entry, existed, recorded) && IsFirstOfTrim(ref _failureTrimCountdown))
        {
            drain |= ReportTrimLocked(StatusTrackingErrorKind.FailuresTrimmed, "retained failures are", _ledger.DroppedFailures, recorded);
        }

        return HandOffLocked(recorded, ref direct) | drain;
    }

    /// <summary>
    /// Hands a recorded status (or reset marker) to delivery: directly when nothing is queued or being delivered,
    /// since it is then next in sequence order, otherwise through the queue. Anything this lock section queued
    /// before keeps the count above zero, so it is never overtaken.
    /// </summary>
    /// <returns><see langword="true"/> when the caller must drain the delivery queue.</returns>
    private bool HandOffLocked(ChatStatus status, ref ChatStatus? direct)
    {
        if (_undelivered == 0)
        {
            // Under the lock a zero count cannot change: only producers (all behind this lock) start a
            // drain, and no drainer is running. So a plain write claims the drain.
            _undelivered = 1;
            direct = status;
            return false;
        }

        return EnqueueLocked(new Delivery(DeliveryKind.Status, status));
    }

    // Sequence order and time order agree even when threads race between the clock read and the lock.
    private DateTimeOffset NotBeforeLastStampLocked(DateTimeOffset now) => now.UtcTicks < _lastStamp.UtcTicks ? _lastStamp : now;

    // Kept out of AppendLocked so the hot path stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReportTrimLocked(StatusTrackingErrorKind kind, string what, long dropped, ChatStatus recorded) =>
        EnqueueErrorLocked(new StatusTrackingError(
            kind,
            $"The {what} full ({_historyLimit}): the oldest statuses are being dropped; {dropped} dropped since the last reset.",
            recorded.Timestamp) { Status = recorded, Count = dropped });

    // A trim is reported when it starts and then once per HistoryLimit drops: never silent, never a flood.
    // A countdown, because a 64-bit modulo per drop would cost more than the rest of the append.
    private bool IsFirstOfTrim(ref int countdown)
    {
        if (--countdown > 0)
        {
            return false;
        }

        countdown = _historyLimit;
        return true;
    }

    private ChatStatus ResetCore()
    {
        var now = _scheduler.Now;
        ChatStatus marker;
        ChatStatus? direct = null;
        var drain = false;
        lock (_gate)
        {
            marker = new ChatStatus
            {
                Step = ChatStatus.ResetStep,
                Description = ChatStatusMessages.TrackerReset,
                State = StatusState.Pending,
                Timestamp = NotBeforeLastStampLocked(now),
                IsReset = true,
            };

            if (_completed)
            {
                ThrowIfStrictAfterCompletion();
                drain = EnqueueErrorLocked(new StatusTrackingError(
                    StatusTrackingErrorKind.ReportAfterCompletion,
                    "Reset() was called after the tracker completed; nothing was cleared.",
                    marker.Timestamp) { Status = marker });
            }
            else
            {
                _lastStamp = marker.Timestamp;
                marker = marker with { Sequence = ++_sequence };
                ClearLocked();
                drain = HandOffLocked(marker, ref direct);
            }
        }

        if (direct is not null || drain)
        {
            DrainFrom(direct);
        }

        return marker;
    }

    private void ClearLocked()
    {
        _history.Clear();
        _ledger.Clear();
        _historyDropped = 0;
        _highestStep = 0;
        Interlocked.Increment(ref _resetCount);
        _historyTrimCountdown = 1;
        _failureTrimCountdown = 1;
    }

    private void ThrowIfStrictAfterCompletion()
    {
        if (!_strict)
        {
            return;
        }

        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ChatStatusTracker), "The tracker is disposed; it records nothing more.");
        }

        throw new InvalidOperationException("The tracker is completed; it records nothing more.");
    }

    private IDisposable SubscribeCore(IObserver<ChatStatus> observer, bool withHistory)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new StatusSubscription(this, observer);
        var drain = false;
        lock (_gate)
        {
            // Queued statuses up to here are in the snapshot (or predate the subscription): skip them live.
            subscription.StartAfter = _sequence;
            var replay = withHistory ? _history.ToArray() : [];
            if (_completed)
            {
                subscription.Replay = replay;
                subscription.CompleteAfterReplay = true;
                drain = EnqueueLocked(new Delivery(DeliveryKind.Replay, subscription));
            }
            else
            {
                _subscribers = [.. _subscribers, subscription];
                if (replay.Length > 0)
                {
                    subscription.Replay = replay;
                    drain = EnqueueLocked(new Delivery(DeliveryKind.Replay, subscription));
                }
            }
        }

        if (drain)
        {
            DrainFrom(null);
        }

        return subscription;
    }

    private void Unsubscribe(StatusSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = CopyOnWrite.Without(_subscribers, subscription);
        }
    }

    private IDisposable SubscribeErrors(IObserver<StatusTrackingError> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = new ErrorSubscription(this, observer) { StartAfter = Interlocked.Read(ref _errorSequence) };
        var drain = false;
        lock (_gate)
        {
            if (_disposed)
            {
                drain = EnqueueLocked(new Delivery(DeliveryKind.ErrorsCompleted, new[] { subscription }));
            }
            else
            {
                _errorSubscribers = [.. _errorSubscribers, subscription];
            }
        }

        if (drain)
        {
            DrainFrom(null);
        }

        return subscription;
    }

    private void UnsubscribeErrors(ErrorSubscription subscription)
    {
        lock (_gate)
        {
            _errorSubscribers = CopyOnWrite.Without(_errorSubscribers, subscription);
        }
    }

    /// <summary>Queues a delivery; returns <see langword="true"/> when the caller must now drain (no one else is).</summary>
    private bool EnqueueLocked(Delivery delivery)
    {
        _deliveries.Enqueue(delivery);
        return Interlocked.Increment(ref _undelivered) == 1;
    }

    private bool EnqueueErrorLocked(StatusTrackingError error) =>
        EnqueueLocked(new Delivery(DeliveryKind.Error, error, Interlocked.Increment(ref _errorSequence)));

    /// <summary>
    /// Delivers queued items until none are left. Only one thread at a time gets here: the one whose
    /// enqueue took <see cref="_undelivered"/> from 0 to 1 (or that claimed it for a direct item). Every
    /// item is enqueued before the counter is incremented, so a non-zero count after a decrement means
    /// the next item is already in the queue.
    /// </summary>
    private void DrainFrom(ChatStatus? direct)
    {
        if (direct is not null)
        {
            DeliverStatus(direct);
        }
        else
        {
            DeliverNext();
        }

        while (Interlocked.Decrement(ref _undelivered) != 0)
        {
            DeliverNext();
        }
    }

    private void DeliverNext()
    {
        var dequeued = _deliveries.TryDequeue(out var delivery);
        Debug.Assert(dequeued, "A positive undelivered count implies a queued item.");
        switch (delivery.Kind)
        {
            case DeliveryKind.Status:
                DeliverStatus((ChatStatus)delivery.Payload);
                break;
            case DeliveryKind.Replay:
                DeliverReplay((StatusSubscription)delivery.Payload);
                break;
            case DeliveryKind.Completed:
                foreach (var subscription in (StatusSubscription[])delivery.Payload)
                {
                    CompleteSubscriber(subscription);
                }

                break;
            case DeliveryKind.Error:
                DeliverError((StatusTrackingError)delivery.Payload, delivery.ErrorId);
                break;
            case DeliveryKind.ErrorsCompleted:
                foreach (var subscription in (ErrorSubscription[])delivery.Payload)
                {
                    try
                    {
                        subscription.Observer.OnCompleted();
                    }
                    catch (Exception)
                    {
                        // An Errors subscriber that throws has nowhere left to be reported.
                    }
                }

                break;
            default:
                Debug.Fail($"Unknown delivery kind {delivery.Kind}.");
                break;
        }
    }

    private void DeliverStatus(ChatStatus status)
    {
        if (_onStatus is { } callback)
        {
            try
            {
                callback(status);
            }
            catch (Exception exception)
            {
                ReportFromDelivery(StatusTrackingErrorKind.CallbackFailed, "The status callback threw; delivery went on.", status, exception);
            }
        }

        // One protected region per status rather than per subscriber: when a subscriber throws, the
        // fault is reported and the loop resumes with the next one.
        var subscribers = Volatile.Read(ref _subscribers);
        var next = 0;
        while (next < subscribers.Length)
        {
            try
            {
                while (next < subscribers.Length)
                {
                    var subscription = subscribers[next++];
                    if (status.Sequence > subscription.StartAfter && !subscription.IsDisposed)
                    {
                        subscription.Observer.OnNext(status);
                    }
                }
            }
            catch (Exception exception)
            {
                ReportFromDelivery(StatusTrackingErrorKind.SubscriberFailed, "A subscriber threw from OnNext; delivery to the others went on.", status, exception);
            }
        }
    }

    private void DeliverReplay(StatusSubscription subscription)
    {
        var replay = subscription.Replay ?? [];
        subscription.Replay = null;
        foreach (var status in replay)
        {
            if (subscription.IsDisposed)
            {
                return;
            }

            try
            {
                subscription.Observer.OnNext(status);
            }
            catch (Exception exception)
            {
                ReportFromDelivery(StatusTrackingErrorKind.SubscriberFailed, "A subscriber threw from OnNext during its history replay; the replay went on.", status, exception);
            }
        }

        if (subscription.CompleteAfterReplay)
        {
            CompleteSubscriber(subscription);
        }
    }

    private void CompleteSubscriber(StatusSubscription subscription)
    {
        if (subscription.IsDisposed)
        {
            return;
        }

        try
        {
            subscription.Observer.OnCompleted();
        }
        catch (Exception exception)
        {
            ReportFromDelivery(StatusTrackingErrorKind.SubscriberFailed, "A subscriber threw from OnCompleted.", status: null, exception);
        }
    }

    private void DeliverError(StatusTrackingError error, long errorId)
    {
        foreach (var subscription in Volatile.Read(ref _errorSubscribers))
        {
            if (errorId <= subscription.StartAfter || subscription.IsDisposed)
            {
                continue;
            }

            try
            {
                subscription.Observer.OnNext(error);
            }
            catch (Exception)
            {
                // An Errors subscriber that throws cannot be reported on Errors without looping.
            }
        }
    }

    // Runs on the draining thread, outside the lock: the error is queued behind what is being delivered.
    private void ReportFromDelivery(StatusTrackingErrorKind kind, string message, ChatStatus? status, Exception exception)
    {
        var error = new StatusTrackingError(kind, message, _scheduler.Now) { Status = status, Exception = exception };
        var mustDrain = EnqueueErrorLocked(error);
        Debug.Assert(!mustDrain, "The draining thread holds the undelivered count above zero.");
    }

    private static string Append(string? note, string more) => note is null ? more : note + " " + more;

    private enum DeliveryKind
    {
        Status,
        Replay,
        Completed,
        Error,
        ErrorsCompleted,
    }

    private readonly struct Delivery(DeliveryKind kind, object payload, long errorId = 0)
    {
        public DeliveryKind Kind { get; } = kind;

        public object Payload { get; } = payload;

        public long ErrorId { get; } = errorId;
    }

    private sealed class StatusSubscription(ChatStatusTracker owner, IObserver<ChatStatus> observer) : IDisposable
    {
        private volatile bool _disposed;

        public IObserver<ChatStatus> Observer { get; } = observer;

        public long StartAfter { get; set; }

        public ChatStatus[]? Replay { get; set; }

        public bool CompleteAfterReplay { get; set; }

        public bool IsDisposed => _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            owner.Unsubscribe(this);
        }
    }

    private sealed class ErrorSubscription(ChatStatusTracker owner, IObserver<StatusTrackingError> observer) : IDisposable
    {
        private volatile bool _disposed;

        public IObserver<StatusTrackingError> Observer { get; } = observer;

        public long StartAfter { get; init; }

        public bool IsDisposed => _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            owner.UnsubscribeErrors(this);
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
