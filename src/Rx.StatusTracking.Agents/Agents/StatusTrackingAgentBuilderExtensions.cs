using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rx.StatusTracking.Agents.Internal;

namespace Rx.StatusTracking.Agents;

/// <summary>Adds status tracking to an <see cref="AIAgentBuilder"/> pipeline (Microsoft Agent Framework).</summary>
public static class StatusTrackingAgentBuilderExtensions
{
    /// <summary>
    /// Reports each run of the agent to <paramref name="tracker"/>: the run is a step (Executing "The agent X is
    /// working.", then Completed with its duration, token usage and tool-call count in an <see cref="AgentRunData"/>,
    /// or Failed with the exception, which reaches the caller unchanged), and each tool call the model makes is a child
    /// step of it (Executing, then Completed or Failed, with a <see cref="AI.ToolCallData"/>), for both
    /// <c>RunAsync</c> and <c>RunStreamingAsync</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// When the agent below has a <see cref="FunctionInvokingChatClient"/> (a <see cref="ChatClientAgent"/> has one by
    /// default), tool calls are timed exactly by the Agent Framework's function-invocation middleware, which needs the
    /// run's options to be null, <see cref="AgentRunOptions"/> or <see cref="ChatClientAgentRunOptions"/>. Otherwise
    /// they are read from the run's contents: a call starts when its <see cref="FunctionCallContent"/> arrives and ends
    /// with its <see cref="FunctionResultContent"/>; a call with no result in the run ends Failed "not run: the agent
    /// returned it to the caller".
    /// </para>
    /// <para>
    /// With the function middleware, each model call is a child step too, with a <see cref="AI.ModelCallData"/>: the
    /// first starts with the run, a call ends Completed when the first tool call of its answer starts, and the next
    /// starts when the last tool call of that answer has ended (concurrent calls included). The last ends Completed with
    /// the run, or Failed with the run's exception; one that returns approval requests ends Completed, and the run that
    /// answers them starts with the approved calls. A streamed run's usage is also recorded on the model call it
    /// arrived in. Without a function-invocation client no model calls are reported.
    /// </para>
    /// <para>
    /// Tool arguments are recorded with <see cref="AI.StatusTrackingChatOptions.DefaultArgumentFilter"/> (secrets
    /// redacted). An agent used as a tool of a tracked agent, and tracking the same tracker, reports its run as part of
    /// the calling tool's step. A workflow hosted as an agent (<c>AsAIAgent</c>) and run streamed reports its executors
    /// under the run, as <see cref="WorkflowStatusExtensions.WithStatusTracking"/> does. A strict tracker's refusal is logged as a warning (category
    /// <c>Rx.StatusTracking.Agents</c>) and the run goes on. A streaming run the caller stops reading ends Failed.
    /// </para>
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="tracker">Where the statuses go.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="tracker"/> is null.</exception>
    public static AIAgentBuilder UseStatusTracking(this AIAgentBuilder builder, ChatStatusTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tracker);
        return builder.UseStatusTracking((_, _, _, _) => tracker);
    }

    /// <summary>
    /// Like <see cref="UseStatusTracking(AIAgentBuilder, ChatStatusTracker)"/>, but each run picks its own tracker, so
    /// one agent serves many operations.
    /// </summary>
    /// <remarks>
    /// <paramref name="trackerSelector"/> runs once per run, before the inner agent is called, with the run's messages,
    /// session, options and the agent's services; return <see langword="null"/> to run untracked. An exception it
    /// throws reaches the caller. <c>(_, _, _, _) =&gt; ChatStatusScope.Current</c> picks the tracker that travels with
    /// the calling code.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="trackerSelector">Picks the tracker of a run.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="trackerSelector"/> is null.</exception>
    public static AIAgentBuilder UseStatusTracking(
        this AIAgentBuilder builder,
        Func<IEnumerable<ChatMessage>, AgentSession?, AgentRunOptions?, IServiceProvider, ChatStatusTracker?> trackerSelector)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(trackerSelector);
        return builder.Use((inner, services) =>
        {
            var log = services.GetService<ILoggerFactory>()?.CreateLogger("Rx.StatusTracking.Agents") ?? NullLogger.Instance;

            // The function middleware throws on an agent without a function-invocation client: read contents there instead.
            var invokesFunctions = inner.GetService<FunctionInvokingChatClient>() is not null;
            var tooled = invokesFunctions ? new AIAgentBuilder(inner).Use(InvokeToolAsync).Build(services) : inner;
            var middleware = new AgentRunMiddleware(trackerSelector, services, log, toolsFromContents: !invokesFunctions);
            return new AIAgentBuilder(tooled).Use(middleware.RunAsync, middleware.RunStreamingAsync).Build(services);
        });
    }

    // A call outside a tracked run (the run's selector picked no tracker) runs as it would untracked.
    private static ValueTask<object?> InvokeToolAsync(
        AIAgent agent,
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>> next,
        CancellationToken cancellationToken) =>
        AmbientStep.Current is { } ambient
            ? ambient.Run.InvokeToolAsync(context, next, cancellationToken)
            : next(context, cancellationToken);
}
