using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// What the model-call client and the function-invocation hook share: the tracker, step numbers, and the step
/// each requested tool call was given (by call id), so the invocation reports on the step the request opened.
/// </summary>
internal sealed class TrackingSession(ChatStatusTracker tracker, StatusTrackingChatOptions options)
{
    private static readonly ConditionalWeakTable<ChatStatusTracker, StrongBox<int>> LastSteps = new();
    private readonly ConcurrentDictionary<string, int> _toolSteps = new(StringComparer.Ordinal);

    public ChatStatusTracker Tracker => tracker;

    public StatusTrackingChatOptions Options => options;

    public FunctionInvokingChatClient? FunctionInvocation { get; set; }

    public DateTimeOffset Now => tracker.Scheduler.Now;

    /// <summary>The next free step of the tracker; shared by every pipeline that reports to it.</summary>
    public int NextStep()
    {
        var last = LastSteps.GetValue(tracker, static t =>
        {
            var steps = t.GetSummary().Steps;
            return new StrongBox<int>(steps.Count == 0 ? 0 : steps[^1].Step);
        });
        return Interlocked.Increment(ref last.Value);
    }

    public void RememberToolStep(string callId, int step) => _toolSteps[callId] = step;

    public int TakeToolStep(string callId) => _toolSteps.TryRemove(callId, out var step) ? step : NextStep();

    public ToolCallData ToolData(FunctionCallContent call) =>
        new(call.CallId, call.Name, options.ArgumentFilter(call.Name, call.Arguments));

    /// <summary>The function-invocation hook: reports Executing, then Completed or Failed, around each invocation.</summary>
    public async ValueTask<object?> InvokeAsync(
        FunctionInvocationContext context,
        CancellationToken cancellationToken,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next)
    {
        var call = context.CallContent;
        var name = context.Function.Name;
        var step = TakeToolStep(call.CallId);
        var data = ToolData(call);
        var started = Now;
        tracker.Executing(step, ChatStatusMessages.ExecutingTool(name), data);
        try
        {
            var result = next is null
                ? await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false)
                : await next(context, cancellationToken).ConfigureAwait(false);
            tracker.Completed(step, ChatStatusMessages.ToolCompleted(name), data with { Duration = Now - started });
            return result;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            tracker.Failed(step, ChatStatusMessages.ToolFailed(name, "cancelled"), exception, data with { Duration = Now - started });
            throw;
        }
        catch (Exception exception)
        {
            tracker.Failed(step, ChatStatusMessages.ToolFailed(name, exception.Message), exception, data with { Duration = Now - started });
            throw;
        }
    }

    /// <summary>Finds a tool the function-invocation client can see: in the request's tools or its additional tools.</summary>
    public AITool? FindTool(string name, ChatOptions? chatOptions)
    {
        var tools = (chatOptions?.Tools ?? []).Concat(FunctionInvocation?.AdditionalTools ?? []);
        return tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
    }
}
