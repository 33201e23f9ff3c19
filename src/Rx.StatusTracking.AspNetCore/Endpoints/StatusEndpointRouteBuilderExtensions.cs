using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rx.StatusTracking.AspNetCore.Internal;

namespace Rx.StatusTracking.AspNetCore;

/// <summary>Maps a <see cref="StatusHub"/>'s operations to HTTP: a list, snapshots, Server-Sent Events and a WebSocket.</summary>
public static class StatusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>GET {prefix}</c>: the operations as JSON summaries, with the server's clock (<see cref="OperationList"/>).</item>
    /// <item><c>GET {prefix}/{operationId}</c>: one operation as JSON (<see cref="OperationSnapshot"/>); 404 when unknown.</item>
    /// <item><c>GET {prefix}/{operationId}/events</c>: <c>text/event-stream</c> of the history then live statuses
    /// (<c>id:</c> is the sequence; <c>Last-Event-ID</c> or <c>?after=</c> resumes with no gap and no duplicate;
    /// heartbeat comments while idle; a final <c>complete</c> event carrying an <see cref="OperationCompletion"/>, then
    /// the response ends; a resume point at the end of a completed operation answers 204 so browsers stop reconnecting).</item>
    /// <item><c>GET {prefix}/{operationId}/ws</c>: a WebSocket with one status per text frame, <c>?after=</c> to resume,
    /// a normal close when the operation completes (the app must call <c>UseWebSockets()</c>); <c>permessage-deflate</c>
    /// only with <see cref="StatusEndpointOptions.WebSocketCompression"/>, for a client that offers it.</item>
    /// </list>
    /// Operation ids follow the one id rule (<see cref="OperationIdRule"/>) with the hub's
    /// <see cref="StatusHub.MaxOperationIdLength"/>: every operation the hub holds is reachable (ids need no escaping;
    /// escaped ones are decoded) and listed unless <see cref="StatusEndpointOptions.AuthorizeOperation"/> refuses it.
    /// Errors are <c>application/problem+json</c>: 400 for an id breaking the rule (the detail says how) or a malformed resume point, 403 when
    /// <see cref="StatusEndpointOptions.AuthorizeOperation"/> refuses (or a WebSocket's origin is not allowed),
    /// 404 for an unknown operation.
    /// </summary>
    /// <remarks>
    /// JSON follows <see cref="StatusJson"/>; stack traces are left out unless
    /// <see cref="StatusEndpointOptions.IncludeErrorDetails"/> is set. A status sent changed by one of StatusJson's
    /// fallbacks (data it cannot serialize, a status over 1 MiB) is logged once, as a warning with category
    /// <see cref="StatusEndpointLogEvents.Category"/> and event id <see cref="StatusEndpointLogEvents.StatusFallback"/>,
    /// through the app's <c>ILoggerFactory</c>. Each streaming connection holds at most
    /// <see cref="StatusEndpointOptions.MaxBufferedStatuses"/> statuses before conflating per step, and a client
    /// that reads nothing for <see cref="StatusEndpointOptions.SlowClientTimeout"/> is disconnected.
    /// </remarks>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="hub">The operations to serve.</param>
    /// <param name="prefix">The route prefix (default <c>/status</c>).</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <returns>The route group, for conventions such as <c>RequireAuthorization()</c> or <c>RequireCors()</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="hub"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
#pragma warning disable RS0026 // Two overloads with optional parameters: with a hub, or the hub of the app's services (as MapHub-style APIs do); the first argument tells them apart.
    public static RouteGroupBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints, StatusHub hub, string prefix = "/status", StatusEndpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        options ??= new StatusEndpointOptions();
        options.Validate();

        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(StatusEndpointLogEvents.Category) ?? NullLogger.Instance;
        var api = new StatusApi(hub, options, logger);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", api.ListAsync);
        group.MapGet("/{operationId}", api.SnapshotAsync);
        group.MapGet("/{operationId}/events", api.EventsAsync);
        group.MapGet("/{operationId}/ws", api.WebSocketAsync);
        return group;
    }

    /// <summary>
    /// Maps the endpoints of <see cref="MapStatusEndpoints(IEndpointRouteBuilder, StatusHub, string, StatusEndpointOptions?)"/>
    /// for the <see cref="StatusHub"/> registered in the app's services (<c>services.AddStatusTracking()</c>, package
    /// Rx.StatusTracking.Hosting, or any <see cref="StatusHub"/> singleton), resolved once, now.
    /// </summary>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="prefix">The route prefix (default <c>/status</c>).</param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>.</param>
    /// <returns>The route group, for conventions such as <c>RequireAuthorization()</c> or <c>RequireCors()</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="StatusHub"/> is registered.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public static RouteGroupBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/status", StatusEndpointOptions? options = null)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var hub = endpoints.ServiceProvider.GetService<StatusHub>()
            ?? throw new InvalidOperationException("No StatusHub is registered: call services.AddStatusTracking() first (package Rx.StatusTracking.Hosting), or pass a hub to MapStatusEndpoints.");
        return endpoints.MapStatusEndpoints(hub, prefix, options);
    }
}
