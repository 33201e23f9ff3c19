namespace Rx.StatusTracking.Console;

/// <summary>The columns of a <see cref="StatusLiveView"/>'s step table, combinable (<see cref="All"/> by default).</summary>
[Flags]
public enum StatusLiveViewColumns
{
    /// <summary>No table: only the progress bar, the headline and the failures.</summary>
    None = 0,

    /// <summary>The step number.</summary>
    Step = 1,

    /// <summary>The step's latest state, in its colour.</summary>
    State = 2,

    /// <summary>The step's latest description.</summary>
    Description = 4,

    /// <summary>How many times the step started (1, or more after a failure and a retry).</summary>
    Attempts = 8,

    /// <summary>How long the step took, in seconds, once it ended (… while it runs).</summary>
    Elapsed = 16,

    /// <summary>Every column.</summary>
    All = Step | State | Description | Attempts | Elapsed,
}
