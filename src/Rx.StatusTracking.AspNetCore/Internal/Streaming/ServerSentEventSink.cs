using Microsoft.AspNetCore.Http;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// Writes <c>text/event-stream</c> (through the shared <see cref="ServerSentEventWriter"/>): <c>id:</c> is the status
/// sequence (so a browser's <c>Last-Event-ID</c> resumes exactly), statuses are unnamed events, <c>gap</c> and
/// <c>complete</c> are named ones, heartbeats are comment lines. The events of a batch are encoded into one pooled
/// buffer and handed to the response in one write at the flush: the server's output lock is taken once per batch,
/// not several times per event (at 200 clients it was a third of the server's time).
/// </summary>
internal sealed class ServerSentEventSink : IStatusSink
{
    // A long replay of large statuses is written in pieces of about this size, not gathered whole.
    private const int WriteAtBytes = 64 * 1024;

    private readonly PooledBufferWriter _batch = new();
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
        ServerSentEventWriter.BeginEvent(_batch, status.Sequence);
        _json.WriteStatus(_batch, status, _operationId);
        ServerSentEventWriter.EndEvent(_batch);
        return _batch.WrittenCount >= WriteAtBytes ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public ValueTask WriteGapAsync(StreamGap gap, CancellationToken cancellationToken)
    {
        ServerSentEventWriter.BeginNamedEvent(_batch, "gap");
        _json.Write(_batch, gap, _operationId);
        ServerSentEventWriter.EndEvent(_batch);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken)
    {
        ServerSentEventWriter.Comment(_batch, "heartbeat");
        return ValueTask.CompletedTask;
    }

    /// <summary>Hands the batch to the response in one write, which also flushes it (the first one sends the headers).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _response.BodyWriter.WriteAsync(_batch.WrittenMemory, cancellationToken);
        }
        finally
        {
            _batch.Release();
        }
    }

    public async ValueTask CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken)
    {
        ServerSentEventWriter.BeginNamedEvent(_batch, "complete");
        _json.Write(_batch, completion, _operationId);
        ServerSentEventWriter.EndEvent(_batch);
        await FlushAsync(cancellationToken);
    }

    // Ending the response makes the browser reconnect with Last-Event-ID after the retry delay.
    public ValueTask OverflowAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);
}
