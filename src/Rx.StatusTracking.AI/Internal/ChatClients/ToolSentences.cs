namespace Rx.StatusTracking.AI.Internal;

/// <summary>A tool's status sentences, built once per tool name.</summary>
internal sealed class ToolSentences
{
    public ToolSentences(string toolName)
    {
        // A model may send a blank tool name (FunctionCallContent accepts one): ChatStatusMessages then speaks of
        // "a tool" rather than throwing into the chat.
        Name = toolName;
        Queued = ChatStatusMessages.ToolQueued(Name);
        AwaitingApproval = ChatStatusMessages.ToolAwaitingApproval(Name);
        Executing = ChatStatusMessages.ExecutingTool(Name);
        Completed = ChatStatusMessages.ToolCompleted(Name);
        NotFound = Failed("not found");
    }

    /// <summary>The name the sentences use.</summary>
    public string Name { get; }

    public string Queued { get; }

    public string AwaitingApproval { get; }

    public string Executing { get; }

    public string Completed { get; }

    public string NotFound { get; }

    public string Failed(string reason) => ChatStatusMessages.ToolFailed(Name, reason);

    /// <summary>A call that never ran, in the sentence style of a rejected approval: "The X tool failed: not run: reason."</summary>
    public string NotRun(string reason) => Failed($"not run: {reason}");
}
