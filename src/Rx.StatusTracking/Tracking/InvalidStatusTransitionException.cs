namespace Rx.StatusTracking;

/// <summary>A strict tracker refused a report because the step's current state does not allow it.</summary>
public sealed class InvalidStatusTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for a refused transition.</summary>
    /// <param name="step">The step reported on.</param>
    /// <param name="from">The step's current state.</param>
    /// <param name="to">The state that was reported.</param>
    public InvalidStatusTransitionException(int step, StatusState from, StatusState to)
        : base($"Step {step} cannot go from {from} to {to}.")
    {
        Step = step;
        From = from;
        To = to;
    }

    /// <summary>The step reported on.</summary>
    public int Step { get; }

    /// <summary>The step's current state.</summary>
    public StatusState From { get; }

    /// <summary>The state that was reported.</summary>
    public StatusState To { get; }
}
