using System.Diagnostics.CodeAnalysis;
using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>One immutable status report of one step of a tracked operation.</summary>
/// <remarks>
/// <para>
/// A <see cref="ChatStatusTracker"/> assigns <see cref="Sequence"/> (strictly increasing per tracker,
/// starting at 1) and stamps <see cref="Timestamp"/> from its scheduler. A status with
/// <see cref="Sequence"/> 0 was not recorded by a tracker (for example one a lenient tracker refused).
/// </para>
/// <para>
/// <see cref="Data"/> is carried as given: the record is immutable, but an object placed in
/// <see cref="Data"/> is only as immutable as its own type.
/// </para>
/// <para>
/// When a tracker is reset it emits one status with <see cref="IsReset"/> set (step
/// <see cref="ResetStep"/>), sequenced like any other, so every view downstream (even across
/// <c>ObserveOn</c>, a process or a network) sees the reset in order with the statuses around it.
/// </para>
/// </remarks>
public sealed record ChatStatus
{
    /// <summary>The step number of a reset marker (see <see cref="IsReset"/>); never a valid step.</summary>
    public const int ResetStep = -1;

    // ParentStep, Progress and IsReset share one flags byte, so the two optional figures add 12 bytes to a status
    // rather than the 24 of two nullable fields (every recorded status is one of these).
    private const byte IsResetFlag = 1;
    private const byte HasParentFlag = 2;
    private const byte HasProgressFlag = 4;

    private int _parentStep;
    private double _progress;
    private byte _flags;

    /// <summary>Creates an empty status; set at least <see cref="Step"/>, <see cref="Description"/> and <see cref="State"/>.</summary>
    public ChatStatus()
    {
    }

    // The tracker's hot path: skips storing null references (each reference store costs a GC write barrier).
    [SetsRequiredMembers]
    internal ChatStatus(int step, string description, StatusState state, DateTimeOffset timestamp, object? data, StatusError? error, long sequence, int? parentStep = null, double? progress = null)
    {
        Step = step;
        Description = description;
        State = state;
        Timestamp = timestamp;
        Sequence = sequence;
        if (data is not null)
        {
            Data = data;
        }

        if (error is not null)
        {
            Error = error;
        }

        if (parentStep is { } parent)
        {
            _parentStep = parent;
            _flags |= HasParentFlag;
        }

        if (progress is { } fraction)
        {
            _progress = fraction;
            _flags |= HasProgressFlag;
        }
    }

    /// <summary>The step this status reports on: 0 or greater, or <see cref="ResetStep"/> (-1) on a reset marker (<see cref="IsReset"/>).</summary>
    public required int Step { get; init; }

    /// <summary>
    /// The step this one is a child of, or <see langword="null"/> for a top-level step. A step's parent is fixed at its
    /// first status (or when <see cref="ChatStatusTracker.ReserveStep(int)"/> reserved it): a tracker stamps it on every
    /// status of the step, and refuses a status that names another one.
    /// </summary>
    public int? ParentStep
    {
        get => (_flags & HasParentFlag) != 0 ? _parentStep : null;
        init
        {
            _parentStep = value ?? 0;
            _flags = value is null ? (byte)(_flags & ~HasParentFlag) : (byte)(_flags | HasParentFlag);
        }
    }

    /// <summary>A readable sentence for people (see <see cref="ChatStatusMessages"/>).</summary>
    public required string Description { get; init; }

    /// <summary>The step's state as of this status.</summary>
    public required StatusState State { get; init; }

    /// <summary>
    /// How far a running step has got, as a fraction in [0, 1], when it says; only <see cref="StatusState.Executing"/>
    /// statuses carry one (see <see cref="ChatStatusTracker.ReportProgress"/>). It is this status's figure: a later
    /// status without one does not carry the earlier figure on.
    /// </summary>
    public double? Progress
    {
        get => (_flags & HasProgressFlag) != 0 ? _progress : null;
        init
        {
            _progress = value ?? 0;
            _flags = value is null ? (byte)(_flags & ~HasProgressFlag) : (byte)(_flags | HasProgressFlag);
        }
    }

    /// <summary>When the status was recorded, from the tracker's <see cref="IScheduler"/>.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Optional payload (tool arguments, a result summary; a fraction done goes in <see cref="Progress"/>).</summary>
    public object? Data { get; init; }

    /// <summary>The captured error of a <see cref="StatusState.Failed"/> status, when there was an exception.</summary>
    public StatusError? Error { get; init; }

    /// <summary>The tracker's sequence number: strictly increasing, never reused, also across resets.</summary>
    public long Sequence { get; init; }

    /// <summary>
    /// <see langword="true"/> for the marker a tracker emits when it is reset: every view built
    /// from the stream should forget what it knew. A reset marker is not a step's status.
    /// </summary>
    public bool IsReset
    {
        get => (_flags & IsResetFlag) != 0;
        init => _flags = value ? (byte)(_flags | IsResetFlag) : (byte)(_flags & ~IsResetFlag);
    }

    /// <summary><see langword="true"/> when <see cref="State"/> is <see cref="StatusState.Completed"/> or <see cref="StatusState.Failed"/>.</summary>
    public bool IsTerminal => State is StatusState.Completed or StatusState.Failed;

    /// <summary>Creates a status stamped with the current time of <see cref="Scheduler.Default"/>.</summary>
    /// <param name="step">The step number (0 or greater).</param>
    /// <param name="description">A readable, non-blank description.</param>
    /// <param name="state">The step's state.</param>
    /// <param name="data">Optional payload.</param>
    /// <returns>A status with <see cref="Sequence"/> 0; a tracker assigns the sequence when it records it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or <paramref name="state"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is null, empty or white space.</exception>
    public static ChatStatus Create(int step, string description, StatusState state, object? data = null) =>
        Create(step, description, state, Scheduler.Default, data);

    /// <summary>Creates a status stamped with <paramref name="scheduler"/>'s current time.</summary>
    /// <param name="step">The step number (0 or greater).</param>
    /// <param name="description">A readable, non-blank description.</param>
    /// <param name="state">The step's state.</param>
    /// <param name="scheduler">The clock to stamp <see cref="Timestamp"/> with (a <c>TestScheduler</c> in tests).</param>
    /// <param name="data">Optional payload.</param>
    /// <returns>A status with <see cref="Sequence"/> 0; a tracker assigns the sequence when it records it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative, or <paramref name="state"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is null.</exception>
    public static ChatStatus Create(int step, string description, StatusState state, IScheduler scheduler, object? data = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        if (!StatusTransitions.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Not a defined StatusState value.");
        }

        ArgumentNullException.ThrowIfNull(scheduler);
        return new ChatStatus
        {
            Step = step,
            Description = description,
            State = state,
            Timestamp = scheduler.Now,
            Data = data,
        };
    }
}
