namespace Rx.StatusTracking.Agents.Internal;

/// <summary>The step a child step belongs to (an agent run, a tool call, a workflow) and how sentences name it.</summary>
/// <param name="Tracker">The tracker the parent step is on: a child on another tracker is not its child.</param>
/// <param name="Step">The parent's step number.</param>
/// <param name="Label">How a child's sentence names the parent, e.g. "agent planner".</param>
internal sealed record StepParent(ChatStatusTracker Tracker, int Step, string Label);
