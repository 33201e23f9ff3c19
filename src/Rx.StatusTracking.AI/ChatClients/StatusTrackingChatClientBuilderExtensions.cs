using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rx.StatusTracking.AI.Internal;

namespace Rx.StatusTracking.AI;

/// <summary>Adds status tracking to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class StatusTrackingChatClientBuilderExtensions
{
    private const string FunctionInvocationBelow =
        "UseStatusTracking found a FunctionInvokingChatClient below it in the pipeline, which would run every tool call " +
        "before the tracking sees it, so no tool call would be reported. UseStatusTracking adds its own " +
        "FunctionInvokingChatClient: remove UseFunctionInvocation() (or the second UseStatusTracking) from this pipeline " +
        "and configure function invocation with StatusTrackingChatOptions.ConfigureFunctionInvocation.";

    /// <summary>
    /// Reports every step of the pipeline to <paramref name="tracker"/> by itself: each model call, each tool call
    /// the model asks for (queued, waiting for approval, running, completed or failed, also "not found"), tool
    /// results going back, and the final answer. Use it <b>instead of</b> <c>UseFunctionInvocation()</c>: it adds
    /// a <see cref="FunctionInvokingChatClient"/> itself, between a tracking client for model calls and a hook on
    /// each function invocation (configure it with <see cref="StatusTrackingChatOptions.ConfigureFunctionInvocation"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Steps are numbered with <see cref="ChatStatusTracker.ReserveStep()"/>: above every step already reported, shared
    /// by every pipeline reporting to the same tracker, and from 1 again after a reset. Exceptions from the model or a
    /// tool are recorded as failures and then reach the caller (or, for tools, the function-invocation client) unchanged.
    /// </para>
    /// <para>
    /// No call is left queued: when a request (a <c>GetResponseAsync</c> or <c>GetStreamingResponseAsync</c> call on
    /// the built client) returns or throws before a call it asked for ran (it was cancelled, a tool set
    /// <see cref="FunctionInvocationContext.Terminate"/>, a tool error went over
    /// <see cref="FunctionInvokingChatClient.MaximumConsecutiveErrorsPerRequest"/>, the model asked for tools after
    /// <see cref="FunctionInvokingChatClient.MaximumIterationsPerRequest"/>, the caller stopped reading the stream), that
    /// call's step ends Failed, "The X tool failed: not run: …" with the reason. Calls waiting for an approval
    /// (<see cref="ApprovalRequiredAIFunction"/>, and the calls asked for beside one, which the function-invocation
    /// client submits for approval too) wait, <see cref="StatusState.AwaitingInput"/>, until a later request carries the answer.
    /// </para>
    /// <para>
    /// Tracking never breaks the chat: when a strict tracker refuses a report by throwing (the step was reported on
    /// by hand, the tracker is completed), the refusal is logged as a warning through the service provider's
    /// <see cref="ILoggerFactory"/> and the request goes on.
    /// </para>
    /// <para>
    /// <see cref="ChatClientBuilder.Build(IServiceProvider?)"/> throws <see cref="InvalidOperationException"/> when a
    /// <see cref="FunctionInvokingChatClient"/> is already below this one (<c>UseFunctionInvocation()</c> after
    /// <c>UseStatusTracking(…)</c>, or a model client that invokes functions): it would run every tool call unseen.
    /// </para>
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="tracker">Where the statuses go.</param>
    /// <param name="configure">Optional settings (argument redaction, function invocation).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="builder"/> or <paramref name="tracker"/> is null, or <paramref name="configure"/> set
    /// <see cref="StatusTrackingChatOptions.ArgumentFilter"/> to null.
    /// </exception>
    public static ChatClientBuilder UseStatusTracking(this ChatClientBuilder builder, ChatStatusTracker tracker, Action<StatusTrackingChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tracker);
        return builder.Use(CreateTrackingClient(configure, (_, create) => SessionSelector.ForTracker(tracker, create)));
    }

    /// <summary>
    /// Like <see cref="UseStatusTracking(ChatClientBuilder, ChatStatusTracker, Action{StatusTrackingChatOptions}?)"/>,
    /// but each request picks its own tracker: one client (a singleton in dependency injection, say) serves many
    /// operations, each reporting to the tracker of its own operation.
    /// </summary>
    /// <remarks>
    /// <paramref name="trackerSelector"/> runs once per request (<c>GetResponseAsync</c> or
    /// <c>GetStreamingResponseAsync</c>) with the request's messages and options, before anything is sent; every
    /// model call and tool call of that request reports to the tracker it returns. Return <see langword="null"/> to
    /// leave a request untracked (it still runs, with function invocation). An exception it throws reaches the caller.
    /// For a tracker that travels with the calling code rather than with the request, select
    /// <see cref="ChatStatusScope.Current"/>: <c>UseStatusTracking((_, _) =&gt; ChatStatusScope.Current)</c>.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="trackerSelector">Picks the tracker of a request from its messages and options.</param>
    /// <param name="configure">Optional settings (argument redaction, function invocation).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="builder"/> or <paramref name="trackerSelector"/> is null, or <paramref name="configure"/> set
    /// <see cref="StatusTrackingChatOptions.ArgumentFilter"/> to null.
    /// </exception>
    public static ChatClientBuilder UseStatusTracking(
        this ChatClientBuilder builder,
        Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?> trackerSelector,
        Action<StatusTrackingChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(trackerSelector);
        return builder.Use(CreateTrackingClient(configure, (_, create) => SessionSelector.ForSelector(trackerSelector, create)));
    }

    /// <summary>
    /// Like <see cref="UseStatusTracking(ChatClientBuilder, Func{IEnumerable{ChatMessage}, ChatOptions?, ChatStatusTracker?}, Action{StatusTrackingChatOptions}?)"/>,
    /// but the selector also gets the <see cref="IServiceProvider"/> the pipeline was built with, so it can pick a request's
    /// tracker from services: the <see cref="StatusHub"/>, or the HTTP request being served (through
    /// <c>IHttpContextAccessor</c>), whose route value names the operation. One operation per HTTP request then needs no
    /// <see cref="ChatStatusScope"/>.
    /// </summary>
    /// <remarks>
    /// The provider is the one <see cref="ChatClientBuilder.Build(IServiceProvider?)"/> was given: with
    /// <c>services.AddChatClient(…)</c>, the root provider for a singleton client (the default) and the scope's for a scoped
    /// one; an empty provider when <c>Build()</c> was called without one. <paramref name="trackerSelector"/> runs once per
    /// request, in the caller's execution context (so <c>IHttpContextAccessor</c> sees the caller's request): inside
    /// <c>GetResponseAsync</c>, or at the first <c>MoveNextAsync</c> of <c>GetStreamingResponseAsync</c>, before anything is sent; every model call and tool call of that request reports to the tracker it returns. Return
    /// <see langword="null"/> to leave a request untracked (it still runs, with function invocation). An exception it throws
    /// reaches the caller, and nothing is sent.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="trackerSelector">Picks the tracker of a request from the services, its messages and its options.</param>
    /// <param name="configure">Optional settings (argument redaction, function invocation).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">
    /// <paramref name="builder"/> or <paramref name="trackerSelector"/> is null, or <paramref name="configure"/> set
    /// <see cref="StatusTrackingChatOptions.ArgumentFilter"/> to null.
    /// </exception>
    public static ChatClientBuilder UseStatusTracking(
        this ChatClientBuilder builder,
        Func<IServiceProvider, IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?> trackerSelector,
        Action<StatusTrackingChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(trackerSelector);
        return builder.Use(CreateTrackingClient(
            configure,
            (services, create) => SessionSelector.ForSelector((messages, options) => trackerSelector(services, messages, options), create)));
    }

    // Builds the clients around one model client, each collaborator complete before the next that needs it. The
    // function-invocation client sits between the two tracking clients: the sessions ask it about tools and its iteration
    // limit, so they are built after it, and the model-call client below it finds its request on the flow.
    private static Func<IChatClient, IServiceProvider, IChatClient> CreateTrackingClient(
        Action<StatusTrackingChatOptions>? configure,
        Func<IServiceProvider, Func<ChatStatusTracker, TrackingSession>, SessionSelector> createSessions)
    {
        var options = new StatusTrackingChatOptions();
        configure?.Invoke(options);
        options.Validate();

        // Copied, as validated: changing the options afterwards has no effect.
        var argumentFilter = options.ArgumentFilter;
        var configureFunctionInvocation = options.ConfigureFunctionInvocation;

        return (innerClient, services) =>
        {
            if (innerClient.GetService<FunctionInvokingChatClient>() is not null)
            {
                throw new InvalidOperationException(FunctionInvocationBelow);
            }

            var loggerFactory = services.GetService<ILoggerFactory>();
            var log = new TrackingLog(loggerFactory?.CreateLogger("Rx.StatusTracking.AI") ?? NullLogger.Instance);
            var flow = new RequestFlow();
            var invoking = new FunctionInvokingChatClient(new ModelCallStatusChatClient(innerClient, flow), loggerFactory, services);
            configureFunctionInvocation?.Invoke(invoking);

            var arguments = new ArgumentRecorder(argumentFilter, log);
            var sentences = new ToolSentenceCache();
            var tools = new ToolLookup(invoking);
            var sessions = createSessions(services, tracker => new TrackingSession(tracker, log, arguments, sentences, tools));

            var userInvoker = invoking.FunctionInvoker;
            invoking.FunctionInvoker = (context, cancellationToken) => flow.Current is { } request
                ? request.InvokeAsync(context, cancellationToken, userInvoker)
                : userInvoker?.Invoke(context, cancellationToken) ?? context.Function.InvokeAsync(context.Arguments, cancellationToken);

            return new TrackedRequestChatClient(invoking, sessions, flow);
        };
    }
}
