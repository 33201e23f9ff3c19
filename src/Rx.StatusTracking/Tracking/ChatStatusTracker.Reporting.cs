using System.Runtime.CompilerServices;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// The reporting half of the tracker: the report methods and how a report is checked, recorded and handed to delivery.
public sealed partial class ChatStatusTracker
{
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
        Record(step, description, StatusState.Pending, data, error: null, timestamp: default);

    /// <summary>Reports that a step is running; repeated calls are progress updates and do not count as new attempts.</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload, e.g. what the step works on (a fraction done goes through <see cref="ReportProgress"/>).</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it (it is completed).</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Executing(int step, string description, object? data = null) =>
        Record(step, description, StatusState.Executing, data, error: null, timestamp: default);

    /// <summary>
    /// Reports that a step waits for a person (an approval, an answer) before it can go on: active, not terminal. It goes
    /// on with <see cref="Executing"/> (not a new attempt), or ends <see cref="Completed"/> or <see cref="Failed(int, string, object?)"/>.
    /// </summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence, e.g. <see cref="ChatStatusMessages.ToolAwaitingApproval"/>. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload, e.g. what the person is asked.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it (it is completed or failed).</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus AwaitingInput(int step, string description, object? data = null) =>
        Record(step, description, StatusState.AwaitingInput, data, error: null, timestamp: default);

    /// <summary>
    /// Reports how far a running step has got: an <see cref="StatusState.Executing"/> status whose
    /// <see cref="ChatStatus.Progress"/> is <paramref name="progress"/>. Like <see cref="Executing"/>, it may start the
    /// step, go on after a wait for input, or retry after a failure.
    /// </summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="progress">The fraction done, in [0, 1]. Lenient fallback: NaN and values below 0 are recorded as 0, values above 1 as 1.</param>
    /// <param name="description">
    /// A readable sentence; <see langword="null"/> keeps the step's latest description (a new step gets
    /// <see cref="ChatStatusMessages.ForState"/>'s), so a long tool can report its figure alone.
    /// </param>
    /// <param name="data">Optional payload.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative, or <paramref name="progress"/> is NaN or outside [0, 1].</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank (not null) or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it (it is completed).</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus ReportProgress(int step, double progress, string? description = null, object? data = null)
    {
        // The step's latest description, read in a lock of its own: a report racing in between only moves which one is kept.
        description ??= Read(journal => journal.DescriptionOf(step)) ?? ChatStatusMessages.ForState(Math.Max(step, 0), StatusState.Executing);
        return Record(step, description, StatusState.Executing, data, error: null, timestamp: default, parentStep: null, progress);
    }

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
        Record(step, description, StatusState.Completed, data, error: null, timestamp: default);

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
        Record(step, description, StatusState.Failed, data, error: null, timestamp: default);

    /// <summary>Reports that a step failed with an exception, captured as <see cref="ChatStatus.Error"/> (<see cref="StatusError.From"/>).</summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="error">
    /// The exception; <see langword="null"/> records the failure without an error, in both modes (so
    /// <c>Failed(step, description, null)</c>, which C# binds to this overload, means what it says). Once recorded here,
    /// the lifecycle helpers ending the operation around the work (<c>StatusHub.RunAsync</c>, <see cref="StatusOperation"/>)
    /// do not record the same exception again when it reaches them.
    /// </param>
    /// <param name="data">Optional payload.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Failed(int step, string description, Exception? error, object? data = null)
    {
        if (error is null)
        {
            return Record(step, description, StatusState.Failed, data, error: null, timestamp: default);
        }

        var recorded = Record(step, description, StatusState.Failed, data, StatusError.From(error), timestamp: default);
        if (recorded.Sequence != 0)
        {
            // The lifecycle helpers ending the operation around this work do not record the same exception again.
            LifecycleReports.NoteRecorded(this, error);
        }

        return recorded;
    }

    /// <summary>
    /// Reports <paramref name="state"/> on a step: the method of that state (<see cref="Pending"/>, <see cref="Executing"/>,
    /// <see cref="AwaitingInput"/>, <see cref="Completed"/>, <see cref="Failed(int, string, Exception?, object?)"/>), for
    /// code that holds the state as a value (a bridge from another system's states, a reporter of many kinds of work).
    /// </summary>
    /// <param name="step">The step (0 or greater). Lenient fallback for a negative step: step 0.</param>
    /// <param name="state">The state. Lenient fallback for an undefined one: <see cref="StatusState.Executing"/> (active, never a false ending).</param>
    /// <param name="description">A readable sentence. Lenient fallbacks: a blank one becomes <see cref="ChatStatusMessages.ForState"/>, an over-long one is cut.</param>
    /// <param name="data">Optional payload.</param>
    /// <param name="error">The exception of a <see cref="StatusState.Failed"/> status (as <see cref="Failed(int, string, Exception?, object?)"/>); ignored with any other state.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative or <paramref name="state"/> undefined.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Report(int step, StatusState state, string description, object? data = null, Exception? error = null) =>
        state == StatusState.Failed
            ? Failed(step, description, error, data)
            : Record(step, description, state, data, error: null, timestamp: default);

    /// <summary>
    /// Records a status built elsewhere (for example received from another process). The tracker assigns
    /// <see cref="ChatStatus.Sequence"/> and, when <see cref="ChatStatus.Timestamp"/> is <see langword="default"/>,
    /// the timestamp; <see cref="ChatStatus.Data"/>, <see cref="ChatStatus.Error"/> and <see cref="ChatStatus.Progress"/> are
    /// kept. A status with <see cref="ChatStatus.IsReset"/> set resets the tracker (see <see cref="Reset"/>).
    /// </summary>
    /// <remarks>
    /// <see cref="ChatStatus.ParentStep"/> on a step's first status makes it a child of that step, which must have been
    /// recorded or reserved since the last reset (and is not the step itself). After that, and for a step reserved with
    /// <see cref="ReserveStep()"/> or <see cref="ReserveStep(int)"/>, the parent is fixed: a later status may leave
    /// <see cref="ChatStatus.ParentStep"/> null (the recorded status carries the step's parent anyway) or repeat it, but not
    /// name another. Lenient fallback for a refused parent: a new step is recorded at the top level, a known or reserved one
    /// with its own parent, reported on <see cref="Errors"/>. The parent is checked before the transition.
    /// </remarks>
    /// <param name="status">The status to record. Its step, description and state are validated like the other methods' arguments;
    /// lenient fallback for an undefined state: <see cref="StatusState.Executing"/> (active, never a false ending). Its
    /// progress figure as <see cref="ReportProgress"/>'s (and only on an <see cref="StatusState.Executing"/> status: lenient
    /// leaves one on another state out).</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null (in both modes: there is nothing to fall back on).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Strict: the step is negative or the state undefined.</exception>
    /// <exception cref="ArgumentException">Strict: the description is blank or too long, or a progress figure comes on a state other than Executing.</exception>
    /// <exception cref="InvalidParentStepException">Strict: the parent is refused (see the remarks).</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Update(ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.IsReset
            ? ResetCore()
            : Record(status.Step, status.Description, status.State, status.Data, status.Error, status.Timestamp, status.ParentStep, status.Progress);
    }

    /// <summary>
    /// Records a status that another tracker already recorded, keeping its <see cref="ChatStatus.Sequence"/> and
    /// <see cref="ChatStatus.Timestamp"/>: this is how a tracker mirrors an operation running elsewhere (another
    /// process or server), so that resume points such as an SSE <c>Last-Event-ID</c> mean the same everywhere.
    /// </summary>
    /// <remarks>
    /// Statuses must come in sequence order; gaps are allowed (the source may have conflated or trimmed); a gap of statuses
    /// the source lost for good is recorded first with <see cref="RecordLoss"/>, so readers are told of it. One whose
    /// sequence is not past <see cref="LastSequence"/> is a duplicate and is ignored. A reset marker resets the
    /// tracker. Transitions are not checked: the source tracker already applied its rules, and a mirror that
    /// starts from a trimmed stream may first see a step halfway through. Parents are not checked either: a step's first
    /// imported status fixes its parent, as recorded by the source.
    /// </remarks>
    /// <param name="status">A status as recorded by its source tracker.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> for a duplicate or after <see cref="Complete()"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The sequence is below 1, or (unless the status is a reset marker) the step is negative, the state undefined, the
    /// parent negative or the step itself, or the progress figure not in [0, 1].
    /// </exception>
    /// <exception cref="ArgumentException">The description is blank.</exception>
    public bool Import(ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentOutOfRangeException.ThrowIfLessThan(status.Sequence, 1, nameof(status));
        if (!status.IsReset)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(status.Step, nameof(status));
            if (!StatusTransitions.IsDefined(status.State))
            {
                throw new ArgumentOutOfRangeException(nameof(status), status.State, "Not a defined StatusState value.");
            }

            if (status.ParentStep is { } parent && (parent < 0 || parent == status.Step))
            {
                throw new ArgumentOutOfRangeException(nameof(status), parent, "A parent step is 0 or greater, and not the step itself.");
            }

            if (status.Progress is { } progress && progress is not (>= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(status), progress, "A progress figure is a fraction in [0, 1].");
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(status.Description, nameof(status));
        }

        var weight = _totals is { Weighs: true } ? RetainedTotals.Estimate(status) : 0;
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_completed || !_journal.Import(status, out var trims, weight))
            {
                return false;
            }

            if (trims != JournalTrims.None)
            {
                QueueTrims(trims, status, ref claim);
            }
            _dispatcher.QueueStatus(status, ref claim);
        }

        _dispatcher.Deliver(claim);
        _totals?.CheckBudget();
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

    private ChatStatus Record(int step, string? description, StatusState state, object? data, StatusError? error, DateTimeOffset timestamp, int? parentStep = null, double? progress = null)
    {
        // Arguments first, outside the lock: strict mode throws before anything is touched.
        var note = _policy.IsPlain(step, description, state) ? null : _policy.Check(ref step, ref description, ref state);
        if (progress is not null)
        {
            note = _policy.CheckProgress(state, ref progress, note);
        }

        var stamped = timestamp == default;
        var at = stamped ? _clock.Now : timestamp;

        // Weighed before the lock: serializing the payload runs user code.
        var weight = _totals is { Weighs: true } ? Weigh(step, description, state, at, data, error, parentStep, progress) : 0;

        ChatStatus result;
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_completed)
            {
                result = new ChatStatus(step, description, state, at, data, error, sequence: 0, parentStep, progress);
                _dispatcher.QueueError(_policy.RefuseAfterCompletion(result, _disposed), ref claim);
            }
            else
            {
                if (parentStep is { } given && _journal.ParentProblem(step, given, out var isFixed) is { } problem)
                {
                    // Before Find, which adds a new step's entry: strict throws with nothing touched.
                    note = _policy.RefuseParent(step, given, problem, isFixed, note);
                    parentStep = null;
                }

                // One lookup serves the transition check and the update (a new step is never refused).
                ref var entry = ref _journal.Find(step, out var existed);
                if (existed && !StatusTransitions.IsAllowed(entry.State, state))
                {
                    result = new ChatStatus(step, description, state, at, data, error, sequence: 0, parentStep, progress);
                    _dispatcher.QueueError(_policy.RefuseTransition(entry.State, result), ref claim);
                }
                else
                {
                    result = _journal.Append(ref entry, existed, step, description, state, at, stamped, data, error, out var trims, parentStep, progress, weight);
                    if (note is not null)
                    {
                        _dispatcher.QueueError(ReportPolicy.Fallback(note, result), ref claim);
                    }

                    if (trims != JournalTrims.None)
                    {
                        QueueTrims(trims, result, ref claim);
                    }
                    _dispatcher.QueueStatus(result, ref claim);
                }
            }
        }

        _dispatcher.Deliver(claim);
        _totals?.CheckBudget();
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Weigh(int step, string description, StatusState state, DateTimeOffset at, object? data, StatusError? error, int? parentStep, double? progress) =>
        RetainedTotals.Estimate(new ChatStatus(step, description, state, at, data, error, sequence: 1, parentStep, progress));

    // Rare (a trim starts, then once per HistoryLimit drops): kept off the hot path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void QueueTrims(JournalTrims trims, ChatStatus recorded, ref DrainClaim claim)
    {
        if ((trims & JournalTrims.History) != 0)
        {
            _dispatcher.QueueError(_journal.TrimReport(JournalTrims.History, recorded), ref claim);
        }

        if ((trims & JournalTrims.Failures) != 0)
        {
            _dispatcher.QueueError(_journal.TrimReport(JournalTrims.Failures, recorded), ref claim);
        }
    }

    private ChatStatus ResetCore()
    {
        var now = _clock.Now;
        ChatStatus marker;
        var claim = default(DrainClaim);
        lock (_gate)
        {
            marker = _journal.ResetMarker(now);
            if (_completed)
            {
                _dispatcher.QueueError(_policy.RefuseAfterCompletion(marker, _disposed), ref claim);
            }
            else
            {
                marker = _journal.Reset(marker);
                _dispatcher.QueueStatus(marker, ref claim);
            }
        }

        _dispatcher.Deliver(claim);
        return marker;
    }
}
