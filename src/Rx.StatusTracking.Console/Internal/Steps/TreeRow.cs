namespace Rx.StatusTracking.Console.Internal;

/// <summary>One step of the view's table in tree order, with the guides drawn before it (empty at the top level).</summary>
/// <param name="Step">The step.</param>
/// <param name="Guides">The tree's guides, such as <c>"│  └─ "</c>, of the step's row.</param>
internal readonly record struct TreeRow(StepSummary Step, string Guides);
