using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// What the function-invocation client of one pipeline will do with the tool calls of a response: which tools it can
/// see, which need an approval, and how many model calls of a request may ask for tools.
/// </summary>
/// <remarks>
/// Read from the client itself on every question, not copied when the pipeline is built: its settings are public and
/// may change afterwards, and the tracking must agree with what it then does.
/// </remarks>
internal sealed class ToolLookup(FunctionInvokingChatClient functionInvocation)
{
    /// <summary>How many model calls of a request may ask for tools that run (the function-invocation client's limit).</summary>
    public int MaximumIterations => functionInvocation.MaximumIterationsPerRequest;

    /// <summary>Finds a tool the function-invocation client can see: in the request's tools or its additional tools.</summary>
    public AITool? Find(string name, ChatOptions? chatOptions) =>
        Find(chatOptions?.Tools, name) ?? Find(functionInvocation.AdditionalTools, name);

    /// <summary>
    /// Whether one of <paramref name="calls"/> names a tool that needs an approval: the function-invocation client then
    /// asks approval for every call of the response.
    /// </summary>
    public bool AnyNeedsApproval(List<FunctionCallContent> calls, ChatOptions? chatOptions)
    {
        foreach (var call in calls)
        {
            if (Find(call.Name, chatOptions)?.GetService<ApprovalRequiredAIFunction>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static AITool? Find(IList<AITool>? tools, string name)
    {
        if (tools is null)
        {
            return null;
        }

        for (var i = 0; i < tools.Count; i++)
        {
            if (string.Equals(tools[i].Name, name, StringComparison.Ordinal))
            {
                return tools[i];
            }
        }

        return null;
    }
}
