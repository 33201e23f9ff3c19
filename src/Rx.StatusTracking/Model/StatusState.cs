namespace Rx.StatusTracking;

/// <summary>The state of one step of a tracked operation.</summary>
/// <remarks>
/// Allowed transitions per step: a new step may start in any state;
/// <see cref="Pending"/> → <see cref="Executing"/> | <see cref="Completed"/> | <see cref="Failed"/>;
/// <see cref="Executing"/> → <see cref="Executing"/> (a progress update) | <see cref="Completed"/> | <see cref="Failed"/>;
/// <see cref="Failed"/> → <see cref="Executing"/> (a retry). <see cref="Completed"/> is terminal.
/// </remarks>
public enum StatusState
{
    /// <summary>The step is known but has not started.</summary>
    Pending = 0,

    /// <summary>The step is running (repeated <see cref="Executing"/> statuses are progress updates).</summary>
    Executing = 1,

    /// <summary>The step finished successfully; nothing may follow it.</summary>
    Completed = 2,

    /// <summary>The step failed; it may be retried by reporting <see cref="Executing"/> again.</summary>
    Failed = 3,
}
