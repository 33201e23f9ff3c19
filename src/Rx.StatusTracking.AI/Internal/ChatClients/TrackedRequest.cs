using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// One request (a <c>GetResponseAsync</c> or <c>GetStreamingResponseAsync</c> call on the built client) on one
/// session: starts its model calls and numbers them, runs its function invocations through the session's hook, and
/// when it ends, fails each tool call it queued that never ran ("not run: …"), so none is left queued. Calls waiting
/// for an approval are not queued: the next request carries their answer.
/// </summary>
/// <remarks>
/// Its model calls run one after another and it ends after the last, so the queued list needs no lock; only the tool
/// that ended the request may be recorded by concurrent invocations.
/// </remarks>
internal sealed class TrackedRequest(TrackerReporter reporter, PendingToolCalls pending, ToolCallOpener toolCalls, ToolInvocationHook invocation)
{
    private List<WaitingToolCall>? _queued;
    private int _modelCalls;
    private string? _endedBy;

    /// <summary>Opens the step of the next model call of this request (the model client's metadata gives <paramref name="model"/>).</summary>
    public ModelCall StartModelCall(ModelFacts model, IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        new(this, reporter, toolCalls, ++_modelCalls, model, messages, options);

    /// <summary>Invokes a function of this request, reporting on its call's step (see <see cref="ToolInvocationHook"/>).</summary>
    public ValueTask<object?> InvokeAsync(
        FunctionInvocationContext context,
        CancellationToken cancellationToken,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next) =>
        invocation.InvokeAsync(this, context, cancellationToken, next);

    /// <summary>A call of this request that waits to be invoked in it.</summary>
    public void Queue(WaitingToolCall call) => (_queued ??= []).Add(call);

    /// <summary>A tool set <c>FunctionInvocationContext.Terminate</c>: the function-invocation client ends the request after it.</summary>
    public void EndedBy(ToolSentences tool) => Interlocked.CompareExchange(ref _endedBy, tool.Name, null);

    /// <summary>The request returned: the calls still queued were handed back to the caller unrun.</summary>
    public void Returned() => End(_endedBy switch
    {
        null => "the request returned it to the caller",
        var tool when string.IsNullOrWhiteSpace(tool) => "a tool ended the request",
        var tool => $"the {tool.Trim()} tool ended the request",
    });

    /// <summary>The request threw (a failure, a cancellation, too many consecutive tool errors).</summary>
    public void Threw(Exception exception, CancellationToken cancellationToken) =>
        End(FailureReason.IsCancellation(exception, cancellationToken) ? "the request was cancelled" : "the request failed");

    /// <summary>The caller stopped reading the response stream before it ended.</summary>
    public void Abandoned() => End(ModelCall.AbandonedReason);

    private void End(string reason)
    {
        if (_queued is not { } queued)
        {
            return;
        }

        _queued = null;
        // Each call by itself, not by its id: the model may have given several calls one id.
        foreach (var call in queued)
        {
            pending.NotRun(call, reason);
        }
    }
}
