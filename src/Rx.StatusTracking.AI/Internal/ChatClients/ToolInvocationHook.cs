using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The function-invocation hook of one tracker: reports Executing, then Completed or Failed, around each invocation,
/// on the step the model call opened for the call (or a step of its own for a call it never saw).
/// </summary>
internal sealed class ToolInvocationHook(TrackerReporter reporter, PendingToolCalls pending, ArgumentRecorder arguments, ToolSentenceCache sentences)
{
    /// <summary>
    /// Invokes the function through <paramref name="next"/> (the user's invoker) or directly; a tool that sets
    /// <see cref="FunctionInvocationContext.Terminate"/> is recorded as the one that ended <paramref name="request"/>.
    /// Exceptions are recorded, then rethrown unchanged.
    /// </summary>
    public async ValueTask<object?> InvokeAsync(
        TrackedRequest request,
        FunctionInvocationContext context,
        CancellationToken cancellationToken,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next)
    {
        var call = context.CallContent;
        var (step, data, toolSentences) = pending.TakeInvoked(call) is { } known
            ? (known.Step, known.Data, known.Sentences)
            : (reporter.ReserveStep(), arguments.DataOf(call), sentences.For(context.Function.Name));

        // The Executing status's own timestamp is the start: one clock read fewer per tool call.
        var started = reporter.Report(step, StatusState.Executing, toolSentences.Executing, data)?.Timestamp ?? reporter.Now;
        try
        {
            var result = next is null
                ? await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false)
                : await next(context, cancellationToken).ConfigureAwait(false);
            reporter.Report(step, StatusState.Completed, toolSentences.Completed, data with { Duration = reporter.Now - started });
            if (context.Terminate)
            {
                request.EndedBy(toolSentences);
            }

            return result;
        }
        catch (Exception exception)
        {
            var description = toolSentences.Failed(FailureReason.Of(exception, cancellationToken));
            reporter.Report(step, StatusState.Failed, description, data with { Duration = reporter.Now - started }, exception);
            throw;
        }
    }
}
