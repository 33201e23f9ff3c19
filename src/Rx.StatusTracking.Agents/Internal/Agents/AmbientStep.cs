namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// The agent run, and the step inside it, that the code running now belongs to: the function middleware finds its run
/// here, and an agent run started inside a tool call (an agent used as a tool) finds its parent.
/// </summary>
internal sealed record AmbientStep(AgentRun Run, StepParent Parent)
{
    private static readonly AsyncLocal<AmbientStep?> Ambient = new();

    public static AmbientStep? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }
}
