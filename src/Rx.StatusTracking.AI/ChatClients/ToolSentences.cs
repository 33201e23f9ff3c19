namespace Rx.StatusTracking.AI;

/// <summary>A tool's status sentences, built once per tool name.</summary>
internal sealed class ToolSentences(string toolName)
{
    public string Queued { get; } = ChatStatusMessages.ToolQueued(toolName);

    public string AwaitingApproval { get; } = ChatStatusMessages.ToolAwaitingApproval(toolName);

    public string Executing { get; } = ChatStatusMessages.ExecutingTool(toolName);

    public string Completed { get; } = ChatStatusMessages.ToolCompleted(toolName);

    public string NotFound { get; } = ChatStatusMessages.ToolFailed(toolName, "not found");
}
