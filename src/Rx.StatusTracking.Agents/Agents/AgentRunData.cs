namespace Rx.StatusTracking.Agents;

/// <summary>The <see cref="ChatStatus.Data"/> of an agent run's statuses.</summary>
/// <param name="AgentId">The agent's id.</param>
/// <param name="AgentName">The agent's name, if it has one.</param>
/// <param name="Duration">How long the run took; set on the terminal status.</param>
/// <param name="InputTokens">Input tokens the run's model calls used, when the model reported usage.</param>
/// <param name="OutputTokens">Output tokens the run's model calls used, when the model reported usage.</param>
/// <param name="TotalTokens">Total tokens the run's model calls used, when the model reported usage.</param>
/// <param name="ToolCalls">How many tool calls the run reported.</param>
public sealed record AgentRunData(
    string AgentId,
    string? AgentName,
    TimeSpan? Duration = null,
    long? InputTokens = null,
    long? OutputTokens = null,
    long? TotalTokens = null,
    int ToolCalls = 0);
