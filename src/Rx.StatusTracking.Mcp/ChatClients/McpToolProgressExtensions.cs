using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.Mcp.Internal;

namespace Rx.StatusTracking.Mcp;

/// <summary>
/// Shows the progress MCP servers report for their tools on the steps a tracked chat pipeline
/// (<c>UseStatusTracking</c>) opens for the calls.
/// </summary>
public static class McpToolProgressExtensions
{
    /// <summary>
    /// Makes each call of an <see cref="McpClientTool"/> ask its server for progress, and reports every progress
    /// notification on the call's step while it runs: <c>progress / total</c> as <see cref="ChatStatus.Progress"/>, the
    /// notification's message as the step's description (without a total, the message alone, the step keeping its last figure).
    /// </summary>
    /// <remarks>
    /// <para>
    /// It adds to <see cref="StatusTrackingChatOptions.ConfigureFunctionInvocation"/> (keeping what was set there before):
    /// the function invoker swaps the tool for one bound to the step's progress (<see cref="McpClientTool.WithProgress"/>)
    /// and hands the call on to the invoker that was configured, if any. Other functions are not touched.
    /// </para>
    /// <para>
    /// The step is the one whose latest recorded status carries the call's <see cref="ToolCallData.CallId"/>; a call
    /// whose step is not found (its statuses left the history, or <paramref name="trackerOf"/> gave no tracker) runs
    /// without progress. A notification that arrives late (after a higher one, or after the call returned; the SDK's
    /// client handles messages concurrently) is dropped, so the step's figure only rises and a finished step stays finished.
    /// </para>
    /// </remarks>
    /// <param name="options">The tracked pipeline's options (<c>UseStatusTracking(tracker, options =&gt; ...)</c>).</param>
    /// <param name="trackerOf">The tracker of the request being invoked, e.g. <c>() =&gt; ChatStatusScope.Current</c>; read at each call.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="trackerOf"/> is null.</exception>
    public static StatusTrackingChatOptions TrackMcpToolProgress(this StatusTrackingChatOptions options, Func<ChatStatusTracker?> trackerOf)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trackerOf);
        var previous = options.ConfigureFunctionInvocation;
        options.ConfigureFunctionInvocation = invoking =>
        {
            previous?.Invoke(invoking);
            var next = invoking.FunctionInvoker;
            invoking.FunctionInvoker = (context, cancellationToken) =>
                context.Function is McpClientTool tool && trackerOf() is { } tracker && FindStep(tracker, context.CallContent.CallId) is { } found
                    ? InvokeWithProgressAsync(context, tool, new McpStepProgress(tracker, found.Step, found.Data), next, cancellationToken)
                    : Invoke(context, next, cancellationToken);
        };

        return options;
    }

    /// <summary>
    /// <see cref="TrackMcpToolProgress(StatusTrackingChatOptions, Func{ChatStatusTracker?})"/> for a pipeline that reports
    /// to one <paramref name="tracker"/> (<c>UseStatusTracking(tracker, ...)</c>).
    /// </summary>
    /// <param name="options">The tracked pipeline's options.</param>
    /// <param name="tracker">The pipeline's tracker.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="tracker"/> is null.</exception>
    public static StatusTrackingChatOptions TrackMcpToolProgress(this StatusTrackingChatOptions options, ChatStatusTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        return options.TrackMcpToolProgress(() => tracker);
    }

    private static async ValueTask<object?> InvokeWithProgressAsync(
        FunctionInvocationContext context,
        McpClientTool tool,
        McpStepProgress progress,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next,
        CancellationToken cancellationToken)
    {
        context.Function = tool.WithProgress(progress);
        try
        {
            return await Invoke(context, next, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Before the pipeline reports the step's ending: a late notification must not follow it.
            progress.Close();
            context.Function = tool;
        }
    }

    private static ValueTask<object?> Invoke(
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next,
        CancellationToken cancellationToken) =>
        next is null ? context.Function.InvokeAsync(context.Arguments, cancellationToken) : next(context, cancellationToken);

    // The pipeline reported the call's Executing status just before invoking it, so it is among the newest.
    private static (int Step, object? Data)? FindStep(ChatStatusTracker tracker, string callId)
    {
        var history = tracker.History;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Data is ToolCallData data && data.CallId == callId)
            {
                return (history[i].Step, data);
            }
        }

        return null;
    }
}
