using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi;

/// <summary>One AG-UI run, as the endpoint hands it to the code that answers it.</summary>
public sealed class AgUiRunContext
{
    internal AgUiRunContext(string threadId, string runId, IReadOnlyList<ChatMessage> messages, ChatOptions options, JsonElement input, ChatStatusTracker tracker, ClaimsPrincipal user)
    {
        ThreadId = threadId;
        RunId = runId;
        Messages = messages;
        Options = options;
        Input = input;
        Tracker = tracker;
        User = user;
    }

    /// <summary>The conversation's id (<c>RunAgentInput.threadId</c>).</summary>
    public string ThreadId { get; }

    /// <summary>The run's id (<c>RunAgentInput.runId</c>), which is also the id of the run's operation in the hub.</summary>
    public string RunId { get; }

    /// <summary>
    /// The conversation as Microsoft.Extensions.AI messages: user, assistant (text and tool calls), tool results, system
    /// and developer (as system) messages, in order; activity and reasoning messages are left out, and of a user
    /// message's parts only the text ones are kept. A <c>resume</c> entry answering a tool-approval interrupt (its
    /// <c>interruptId</c> is the call's id) turns that call into the <see cref="ToolApprovalRequestContent"/> it was and adds
    /// a user message of <see cref="ToolApprovalResponseContent"/>s: approved when <c>resolved</c> (unless its payload says
    /// <c>"approved": false</c>), rejected when <c>cancelled</c>; the function-invocation client then runs or rejects it.
    /// </summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>
    /// Chat options for the run: its <see cref="ChatOptions.Tools"/> are the endpoint's tools
    /// (<see cref="AgUiEndpointOptions.Tools"/>) then the client's (declarations only: the client runs them, so a call
    /// of one ends the run and goes back to the client).
    /// </summary>
    public ChatOptions Options { get; }

    /// <summary>The whole <c>RunAgentInput</c> as posted (its <c>state</c>, <c>context</c>, <c>forwardedProps</c>, <c>resume</c>).</summary>
    public JsonElement Input { get; }

    /// <summary>
    /// The run's tracker (the hub's operation named <see cref="RunId"/>). When the run ends, the endpoint ends the steps
    /// left open (Failed, with why; a step awaiting input stays on a success) and completes it.
    /// </summary>
    public ChatStatusTracker Tracker { get; }

    /// <summary>The user of the request that started the run.</summary>
    public ClaimsPrincipal User { get; }
}
