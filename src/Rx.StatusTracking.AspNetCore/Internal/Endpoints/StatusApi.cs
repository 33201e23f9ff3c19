using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>The request handlers behind <see cref="StatusEndpointRouteBuilderExtensions.MapStatusEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, StatusHub, string, StatusEndpointOptions?)"/>.</summary>
internal sealed class StatusApi
{
    private readonly StatusHub _hub;
    private readonly StatusEndpointOptions _options;
    private readonly HashSet<string> _allowedOrigins;
    private readonly WebJson _json;
    private readonly StatusStreamer _streamer;
    private readonly ILogger _logger;
    private readonly OperationArrivals? _arrivals;

    public StatusApi(StatusHub hub, StatusEndpointOptions options, ILogger logger)
    {
        _hub = hub;
        _options = options;
        _allowedOrigins = new HashSet<string>(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _json = new WebJson(options.IncludeErrorDetails, logger);
        _streamer = new StatusStreamer(options);
        _logger = logger;
        _arrivals = options.UnknownOperationWait > TimeSpan.Zero ? new OperationArrivals(hub, options.UnknownOperationWait, options.Clock) : null;
        WebMeter.Register();
    }

    public async Task ListAsync(HttpContext context)
    {
        var items = new List<OperationListItem>();
        foreach (var id in _hub.OperationIds)
        {
            // Every id the hub holds follows the id rule, so every operation is listed (only AuthorizeOperation filters).
            if (_hub.TryGet(id, out var tracker))
            {
                if (await IsAllowedAsync(context, id))
                {
                    var summary = tracker.GetSummary();
                    var current = tracker.Current is { } status ? StatusHeadline.Of(status) : null;
                    items.Add(new OperationListItem(id, StatusStreamer.StateOf(tracker, summary), tracker.GetProgress(), current, tracker.LastSequence));
                }
            }
        }

        // Read after the items (whose checks may await): no status listed is newer than the time the page measures from.
        await WriteJsonAsync(context, new OperationList(_hub.Scheduler.Now, items), operationId: null);
    }

    public async Task SnapshotAsync(HttpContext context)
    {
        if (await ResolveAsync(context) is not var (id, tracker))
        {
            return;
        }

        var summary = tracker.GetSummary();
        var snapshot = new OperationSnapshot(
            tracker.Scheduler.Now,
            id,
            StatusStreamer.StateOf(tracker, summary),
            tracker.Current,
            tracker.History,
            tracker.DroppedFromHistory,
            summary,
            tracker.GetProgress());
        await WriteJsonAsync(context, snapshot, id);
    }

    public async Task EventsAsync(HttpContext context)
    {
        var resumeText = context.Request.Headers["Last-Event-ID"] is { Count: > 0 } header ? header : context.Request.Query["after"];
        if (!ServerSentEventWriter.TryParseResumePoint(resumeText, out var after))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Last-Event-ID and ?after= must be a status sequence: a whole number, 0 or more.");
            return;
        }

        if (await ResolveAsync(context) is not var (id, tracker))
        {
            return;
        }

        // 204 tells a browser's EventSource to stop reconnecting: there is nothing after this point, ever.
        if (after > 0 && tracker.IsCompleted && after >= tracker.LastSequence)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        ShrinkSendBuffer(context);
        var sink = new ServerSentEventSink(context, _json, id, _options.ReconnectDelay);
        var report = await _streamer.RunAsync(id, tracker, after, sink, context.RequestAborted);
        Ended(context, report);
    }

    public async Task WebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "This endpoint expects a WebSocket upgrade request (and the app must call UseWebSockets()).");
            return;
        }

        if (!IsAllowedOrigin(context))
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, "This origin may not open the status WebSocket.");
            return;
        }

        if (!ServerSentEventWriter.TryParseResumePoint(context.Request.Query["after"], out var after))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "?after= must be a status sequence: a whole number, 0 or more.");
            return;
        }

        if (await ResolveAsync(context) is not var (id, tracker))
        {
            return;
        }

        ShrinkSendBuffer(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = _options.HeartbeatInterval,
            DangerousEnableCompression = _options.WebSocketCompression,

            // Each status compressed alone: no deflate state kept between frames, and no status matched against another.
            DisableServerContextTakeover = true,
        });
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var listening = ListenForCloseAsync(socket, clientGone);
        var report = await _streamer.RunAsync(id, tracker, after, new WebSocketSink(socket, _json, id), clientGone.Token);
        await clientGone.CancelAsync();
        await listening;
        if (socket.State == WebSocketState.CloseReceived)
        {
            // The client closed first: finish its handshake (only now, with no send of ours in flight).
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed by the client", context.RequestAborted);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
                // It left without waiting for the answer.
            }
        }

        Ended(context, report);
    }

    // The client sends nothing but its close; reading is still needed to see it (and to answer pings).
    private static async Task ListenForCloseAsync(WebSocket socket, CancellationTokenSource clientGone)
    {
        var buffer = new byte[256];
        try
        {
            while (!clientGone.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, clientGone.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            // The connection is ending either way.
        }

        await clientGone.CancelAsync();
    }

    // Only on HTTP/1.1, where the connection carries this one stream (an HTTP/2 connection is shared).
    private void ShrinkSendBuffer(HttpContext context)
    {
        if (_options.StreamSendBufferBytes is { } bytes
            && HttpProtocol.IsHttp11(context.Request.Protocol)
            && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            try
            {
                socket.SendBufferSize = bytes;
            }
            catch (SocketException)
            {
                // A transport that refuses the option keeps its own buffer; streaming works the same.
            }
        }
    }

    private void Ended(HttpContext context, ConnectionReport report)
    {
        if (report.End is ConnectionEnd.Stuck)
        {
            StatusEndpointLog.ClientStuck(_logger, report.OperationId, _options.SlowClientTimeout, report.Written);
            context.Abort();
        }
        else if (report.End is ConnectionEnd.Overflowed)
        {
            StatusEndpointLog.ClientOverflowed(_logger, report.OperationId, report.Conflated);
        }

        _options.ConnectionEnded?.Invoke(report);
    }

    private async ValueTask<(string Id, ChatStatusTracker Tracker)?> ResolveAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["operationId"] as string ?? "";
        // The hub's own rule and limit: an id the hub accepts is reachable here, and a malformed one gets the rule's reason.
        if (!OperationIdRule.TryValidate(id, _hub.MaxOperationIdLength, out var problem))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problem);
            return null;
        }

        if (!await IsAllowedAsync(context, id))
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, "You may not see this operation.");
            return null;
        }

        // An operation another server started a moment ago may not be in this hub yet (a Redis mirror finds it within
        // milliseconds): with UnknownOperationWait set, the request waits for the hub to add it rather than get a 404 at once.
        if (!_hub.TryGet(id, out var tracker)
            && (_arrivals is null || (tracker = await _arrivals.WaitAsync(id, context.RequestAborted)) is null))
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await ProblemAsync(context, StatusCodes.Status404NotFound, "No such operation (it may have completed and been evicted).");
            }

            return null;
        }

        return (id, tracker);
    }

    private ValueTask<bool> IsAllowedAsync(HttpContext context, string id) =>
        _options.AuthorizeOperation is { } authorize ? authorize(context, id) : ValueTask.FromResult(true);

    private bool IsAllowedOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || _allowedOrigins.Contains("*") || _allowedOrigins.Contains(origin.TrimEnd('/')))
        {
            return true;
        }

        var request = context.Request;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private async Task WriteJsonAsync<T>(HttpContext context, T value, string? operationId)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        _json.Write(context.Response.BodyWriter, value, operationId);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static Task ProblemAsync(HttpContext context, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
}
