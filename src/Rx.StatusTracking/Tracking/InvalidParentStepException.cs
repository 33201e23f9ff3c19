namespace Rx.StatusTracking;

/// <summary>
/// A strict tracker refused a step's parent (<see cref="ChatStatus.ParentStep"/>, <see cref="ChatStatusTracker.ReserveStep(int)"/>):
/// the parent was neither recorded nor reserved since the last reset, it is the step itself, or the step already has
/// another parent (a step's parent is fixed by its first status or its reservation). Nothing was recorded or reserved.
/// </summary>
public sealed class InvalidParentStepException : ArgumentException
{
    /// <summary>Creates the exception for a refused parent.</summary>
    /// <param name="step">The step whose parent was refused; <see langword="null"/> when a child step was being reserved.</param>
    /// <param name="parentStep">The parent that was refused.</param>
    /// <param name="message">Why.</param>
    public InvalidParentStepException(int? step, int parentStep, string message)
        : base(message, nameof(parentStep))
    {
        Step = step;
        ParentStep = parentStep;
    }

    /// <summary>The step whose parent was refused; <see langword="null"/> when a child step was being reserved.</summary>
    public int? Step { get; }

    /// <summary>The parent that was refused.</summary>
    public int ParentStep { get; }
}
