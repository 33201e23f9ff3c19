namespace Rx.StatusTracking;

/// <summary>What a <see cref="StepChange"/> does to a step list.</summary>
public enum StepChangeReason
{
    /// <summary>A new step's row is inserted at <see cref="StepChange.Index"/>.</summary>
    Add = 0,

    /// <summary>The row at <see cref="StepChange.Index"/> is replaced by a newer one for the same step.</summary>
    Update = 1,

    /// <summary>Every row is removed (the tracker was reset).</summary>
    Clear = 2,
}
