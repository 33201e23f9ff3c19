namespace Rx.StatusTracking.Console;

/// <summary>The columns of a <see cref="StatusLiveView"/>'s step table, combinable (<see cref="All"/> by default).</summary>
[Flags]
public enum StatusLiveViewColumns
{
    /// <summary>No table: only the progress bar, the headline and the failures.</summary>
    None = 0,

    /// <summary>The step number, after the tree's guides (<c>├─ </c>, <c>└─ </c>, <c>│  </c>) for a child step.</summary>
    Step = 1,

    /// <summary>The step's latest state (<c>Pending</c>, <c>Executing</c>, <c>AwaitingInput</c>, <c>Completed</c>, <c>Failed</c>), in its colour.</summary>
    State = 2,

    /// <summary>
    /// The step's latest description, followed for a running step whose latest status carries
    /// <see cref="ChatStatus.Progress"/> by a small bar and its percentage; after the tree's guides when the
    /// <see cref="Step"/> column is left out.
    /// </summary>
    Description = 4,

    /// <summary>How many times the step started (1, or more after a failure and a retry).</summary>
    Attempts = 8,

    /// <summary>How long the step took, in seconds, once it ended (… while it runs).</summary>
    Elapsed = 16,

    /// <summary>Every column.</summary>
    All = Step | State | Description | Attempts | Elapsed,
}
