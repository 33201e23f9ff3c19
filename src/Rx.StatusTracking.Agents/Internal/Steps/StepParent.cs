namespace Rx.StatusTracking.Agents.Internal;

/// <summary>The step a child step belongs to: an agent run, a tool call, a workflow.</summary>
/// <param name="Tracker">The tracker the parent step is on: a child on another tracker is not its child.</param>
/// <param name="Step">The parent's step number.</param>
internal sealed record StepParent(ChatStatusTracker Tracker, int Step);
