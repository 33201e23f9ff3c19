using Microsoft.AspNetCore.Http;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// Writes <c>text/event-stream</c> straight into the response pipe (through the shared
/// <see cref="ServerSentEventWriter"/>): <c>id:</c> is the status sequence (so a browser's <c>Last-Event-ID</c>
/// resumes exactly), statuses are unnamed events, <c>gap</c> and <c>complete</c> are named ones, heartbeats are
/// comment lines.
/// </summary>
internal sealed class ServerSentEventSink : IStatusSink
{
    private readonly HttpResponse _response;
    private readonly WebJson _json;
    private readonly string _operationId;

    public ServerSentEventSink(HttpContext context, WebJson json, string operationId, TimeSpan reconnectDelay)
    {
        _response = context.Response;
        _json = json;
        _operationId = operationId;
        ServerSentEventWriter.Begin(context, reconnectDelay);
    }

    public WebTransport Transport => WebTransport.ServerSentEvents;

    public ValueTask WriteStatusAsync(ChatStatus status, CancellationToken cancellationToken)
    {
        ServerSentEventWriter.BeginEvent(_response.BodyWriter, status.Sequence);
        _json.WriteStatus(_response.BodyWriter, status, _operationId);
        ServerSentEventWriter.EndEvent(_response.BodyWriter);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteGapAsync(StreamGap gap, CancellationToken cancellationToken)
    {
        ServerSentEventWriter.BeginNamedEvent(_response.BodyWriter, "gap");
        _json.Write(_response.BodyWriter, gap, _operationId);
        ServerSentEventWriter.EndEvent(_response.BodyWriter);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken)
    {
        ServerSentEventWriter.Comment(_response.BodyWriter, "heartbeat");
        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _response.BodyWriter.FlushAsync(cancellationToken);

    public async ValueTask CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken)
    {
        ServerSentEventWriter.BeginNamedEvent(_response.BodyWriter, "complete");
        _json.Write(_response.BodyWriter, completion, _operationId);
        ServerSentEventWriter.EndEvent(_response.BodyWriter);
        await FlushAsync(cancellationToken);
    }

    // Ending the response makes the browser reconnect with Last-Event-ID after the retry delay.
    public ValueTask OverflowAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);
}
