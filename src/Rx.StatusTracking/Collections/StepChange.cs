namespace Rx.StatusTracking;

/// <summary>One change to a step list ordered by step.</summary>
/// <param name="Reason">Add, update in place, or clear.</param>
/// <param name="Index">The row's position in step order (for <see cref="StepChangeReason.Clear"/>: -1).</param>
/// <param name="Current">The new row (for <see cref="StepChangeReason.Clear"/>: <see langword="null"/>).</param>
/// <param name="Previous">The replaced row, for <see cref="StepChangeReason.Update"/>.</param>
public sealed record StepChange(StepChangeReason Reason, int Index, StepRow? Current, StepRow? Previous = null);
