using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// A tool call the model asked for that has not run yet: the step it was given, and what its statuses say. Kept by
/// <see cref="WaitingToolCalls"/> until it is invoked, answered with a rejection, given up (too many wait for an
/// approval), or failed as not run.
/// </summary>
internal sealed class WaitingToolCall(FunctionCallContent call, int step, ToolCallData data, ToolSentences sentences, long generation)
{
    /// <summary>The call as the model's response carried it: the function-invocation client invokes this very instance.</summary>
    public FunctionCallContent Call => call;

    public int Step => step;

    public ToolCallData Data => data;

    public ToolSentences Sentences => sentences;

    /// <summary>The tracker's reset count when the call was asked for: after a reset its step means nothing.</summary>
    public long Generation => generation;

    // Guarded by the WaitingToolCalls lock: the calls of the same id asked for just before and after this one, and
    // (while it waits for an approval) the calls waiting for one asked for just before and after it.
    internal WaitingToolCall? Previous;
    internal WaitingToolCall? Next;
    internal WaitingToolCall? OlderAwaiting;
    internal WaitingToolCall? NewerAwaiting;

    // Whether a request will invoke it; a call that waits and is not queued waits for an approval.
    internal bool Queued;
    internal bool Waiting = true;
}
