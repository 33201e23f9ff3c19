using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// A tool call the model asked for that has not run yet: the step it was given, and what its statuses say. Kept by
/// <see cref="WaitingToolCalls"/> until it is invoked, answered with a rejection, or failed as not run.
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

    // Guarded by the WaitingToolCalls lock.
    internal WaitingToolCall? Next;
    internal bool Queued;
    internal bool Waiting = true;
}
