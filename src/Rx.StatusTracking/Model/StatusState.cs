namespace Rx.StatusTracking;

/// <summary>The state of one step of a tracked operation.</summary>
/// <remarks>
/// Allowed transitions per step: a new step may start in any state;
/// <see cref="Pending"/> → <see cref="Executing"/> | <see cref="AwaitingInput"/> | <see cref="Completed"/> | <see cref="Failed"/>;
/// <see cref="Executing"/> → <see cref="Executing"/> (a progress update) | <see cref="AwaitingInput"/> | <see cref="Completed"/> | <see cref="Failed"/>;
/// <see cref="AwaitingInput"/> → <see cref="AwaitingInput"/> (a repeated report) | <see cref="Executing"/> | <see cref="Completed"/> | <see cref="Failed"/>;
/// <see cref="Failed"/> → <see cref="Executing"/> (a retry). <see cref="Completed"/> is terminal.
/// The values are the wire's too (<see cref="StatusJson"/> writes the names): new states are appended, never renumbered.
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

    /// <summary>
    /// The step waits for a person (an approval, an answer to a question) before it can go on: active, not terminal,
    /// and not queued work either. It goes on with <see cref="Executing"/> (resuming it is not a new attempt) or ends
    /// <see cref="Completed"/> or <see cref="Failed"/> (a rejection).
    /// </summary>
    AwaitingInput = 4,
}
