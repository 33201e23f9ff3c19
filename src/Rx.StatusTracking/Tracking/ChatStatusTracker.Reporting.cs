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
    /// <param name="data">Optional payload, e.g. a progress figure.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it (it is completed).</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Executing(int step, string description, object? data = null) =>
        Record(step, description, StatusState.Executing, data, error: null, timestamp: default);

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
    /// <c>Failed(step, description, null)</c>, which C# binds to this overload, means what it says).
    /// </param>
    /// <param name="data">Optional payload.</param>
    /// <returns>The status as recorded (or, when a lenient tracker refused it, with <see cref="ChatStatus.Sequence"/> 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Strict: <paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException">Strict: <paramref name="description"/> is blank or longer than <see cref="StatusTrackerOptions.MaxDescriptionLength"/>.</exception>
    /// <exception cref="InvalidStatusTransitionException">Strict: the step's state does not allow it.</exception>
    /// <exception cref="InvalidOperationException">Strict: the tracker is completed.</exception>
    public ChatStatus Failed(int step, string description, Exception? error, object? data = null) =>
        Record(step, description, StatusState.Failed, data, error is null ? null : StatusError.From(error), timestamp: default);

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
            : Record(status.Step, status.Description, status.State, status.Data, status.Error, status.Timestamp);
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

        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_completed || !_journal.Import(status, out var trims))
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

    private ChatStatus Record(int step, string? description, StatusState state, object? data, StatusError? error, DateTimeOffset timestamp)
    {
        // Arguments first, outside the lock: strict mode throws before anything is touched.
        var note = _policy.IsPlain(step, description, state) ? null : _policy.Check(ref step, ref description, ref state);
        var stamped = timestamp == default;
        var at = stamped ? _clock.Now : timestamp;

        ChatStatus result;
        var claim = default(DrainClaim);
        lock (_gate)
        {
            if (_completed)
            {
                result = new ChatStatus(step, description, state, at, data, error, sequence: 0);
                _dispatcher.QueueError(_policy.RefuseAfterCompletion(result, _disposed), ref claim);
            }
            else
            {
                // One lookup serves the transition check and the update (a new step is never refused).
                ref var entry = ref _journal.Find(step, out var existed);
                if (existed && !StatusTransitions.IsAllowed(entry.State, state))
                {
                    result = new ChatStatus(step, description, state, at, data, error, sequence: 0);
                    _dispatcher.QueueError(_policy.RefuseTransition(entry.State, result), ref claim);
                }
                else
                {
                    result = _journal.Append(ref entry, existed, step, description, state, at, stamped, data, error, out var trims);
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
        return result;
    }

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
