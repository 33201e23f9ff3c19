using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rx.StatusTracking.AgUi.Internal;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.AgUi;

/// <summary>Maps an AG-UI (Agent-User Interaction Protocol) endpoint: a POSTed <c>RunAgentInput</c> answered with a stream of AG-UI events.</summary>
public static class AgUiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c> to a run of <paramref name="chatClient"/> with status tracking: the endpoint adds
    /// <c>UseStatusTracking</c> (package Rx.StatusTracking.AI, which brings its own function invocation) on top of the client
    /// you give, so give the model's client without <c>UseFunctionInvocation()</c>. Each run's model calls and tool calls are
    /// steps of the hub's operation named by the run's <c>runId</c>, and reach the client as AG-UI events.
    /// </summary>
    /// <remarks>
    /// The response is <c>text/event-stream</c>: one <c>data: {json}</c> AG-UI event per SSE event, with an <c>id:</c> that
    /// counts the run's events (1, 2, 3…). <c>RUN_STARTED</c> first; the answer as <c>TEXT_MESSAGE_START</c>/<c>CONTENT</c>/
    /// <c>END</c>; tool calls as <c>TOOL_CALL_START</c>/<c>ARGS</c>/<c>END</c> and <c>TOOL_CALL_RESULT</c>; each tracked step as
    /// <c>STEP_STARTED</c> (step name <c>step-{n}</c>), an <c>ACTIVITY_SNAPSHOT</c> of activity type <c>status</c> (content
    /// <c>{step, parentStep?, state, description, progress?, error?}</c>, message id <c>{runId}:status:{n}</c>) patched by
    /// <c>ACTIVITY_DELTA</c> on each change, and <c>STEP_FINISHED</c>; last, <c>RUN_FINISHED</c> (every step and message
    /// closed; outcome <c>success</c>, <c>interrupt</c> with one interrupt per step waiting for input, or <c>cancelled</c>;
    /// the token usage per model) or <c>RUN_ERROR</c>. A client that lost the stream POSTs the same input again with
    /// <c>Last-Event-ID</c> and gets the events after it, then the rest live.
    /// No step is left running: when the run throws or is cancelled, its open steps end Failed with the sentence that says
    /// why (as <c>StatusHub.Start</c>'s <see cref="StatusOperation"/> ends them; the failure gets a step of its own when no
    /// step holds it); when it succeeds, a running step ends Failed "Step N did not finish: the run ended first.", a pending
    /// one "Step N did not run: …", and a step awaiting input stays as it is (the interrupt). Those ends are sent (activity
    /// and <c>STEP_FINISHED</c>) before <c>RUN_ERROR</c> or <c>RUN_FINISHED</c>. Calls of the client's tools
    /// (<c>RunAgentInput.tools</c>) reach the client as tool calls only, without a step. A failed run is logged at Error,
    /// a cancelled one at Information (category <c>Rx.StatusTracking.AgUi</c>).
    /// Errors are <c>application/problem+json</c>: 400 for a malformed <c>RunAgentInput</c> (the detail names the field), a
    /// <c>runId</c> breaking the hub's id rule or a bad <c>Last-Event-ID</c>; 403 when
    /// <see cref="AgUiEndpointOptions.AuthorizeOperation"/> refuses; 404 for a resume of an unknown run; 409 for a new run
    /// whose id exists (or a resume from another thread); 413 for a body over <see cref="AgUiEndpointOptions.MaxRequestBodyBytes"/>;
    /// 503 when the hub is full.
    /// </remarks>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="pattern">The route (e.g. <c>/agui</c>).</param>
    /// <param name="hub">Where each run is an operation (so the status endpoints and the dashboard show it too).</param>
    /// <param name="chatClient">The model's client, without function invocation.</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <returns>The endpoint, for conventions such as <c>RequireAuthorization()</c> or <c>RequireCors()</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="chatClient"/> already invokes functions (see <c>UseStatusTracking</c>).</exception>
    public static IEndpointConventionBuilder MapAgUiEndpoint(this IEndpointRouteBuilder endpoints, string pattern, StatusHub hub, IChatClient chatClient, AgUiEndpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(chatClient);
        options ??= new AgUiEndpointOptions();
        options.Validate();

        // The run's tracker travels with the run (ChatStatusScope), so one built client serves every run.
        var tracked = chatClient.AsBuilder()
            .UseStatusTracking((_, _) => ChatStatusScope.Current, options.ConfigureStatusTracking)
            .Build(endpoints.ServiceProvider);
        var provider = chatClient.GetService<ChatClientMetadata>()?.ProviderName;
        return Map(endpoints, pattern, hub, (run, cancellationToken) => tracked.GetStreamingResponseAsync(run.Messages, run.Options, cancellationToken), provider, options);
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c> to runs answered by <paramref name="run"/>, which streams the answer as
    /// <see cref="ChatResponseUpdate"/>s: an Agent Framework agent
    /// (<c>agent.RunStreamingAsync(run.Messages, …).AsChatResponseUpdatesAsync()</c>), a chat pipeline you built, anything.
    /// It runs inside <see cref="ChatStatusScope"/> of the run's tracker (<see cref="AgUiRunContext.Tracker"/>), so a
    /// pipeline or agent tracking <c>ChatStatusScope.Current</c> reports to the run; steps you report on the tracker
    /// yourself are sent as well. The events and errors are those of
    /// <see cref="MapAgUiEndpoint(IEndpointRouteBuilder, string, StatusHub, IChatClient, AgUiEndpointOptions?)"/>;
    /// token usage comes from the updates' <see cref="UsageContent"/>.
    /// </summary>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="pattern">The route (e.g. <c>/agui</c>).</param>
    /// <param name="hub">Where each run is an operation.</param>
    /// <param name="run">Answers one run; its exception ends the run with <c>RUN_ERROR</c>.</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <returns>The endpoint, for conventions such as <c>RequireAuthorization()</c> or <c>RequireCors()</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public static IEndpointConventionBuilder MapAgUiEndpoint(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        StatusHub hub,
        Func<AgUiRunContext, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> run,
        AgUiEndpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(run);
        options ??= new AgUiEndpointOptions();
        options.Validate();
        return Map(endpoints, pattern, hub, run, provider: null, options);
    }

    private static IEndpointConventionBuilder Map(
        IEndpointRouteBuilder endpoints,
        string pattern,
        StatusHub hub,
        Func<AgUiRunContext, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> run,
        string? provider,
        AgUiEndpointOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        ArgumentNullException.ThrowIfNull(hub);
        var lifetime = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>();
        var runs = new RunRegistry(hub);
        lifetime?.ApplicationStopped.Register(runs.Dispose);
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(RunLogging.Category) ?? NullLogger.Instance;
        var api = new AgUiApi(hub, run, provider, options, runs, logger, lifetime?.ApplicationStopping ?? CancellationToken.None);
        return endpoints.MapPost(pattern, (RequestDelegate)api.HandleAsync);
    }
}
