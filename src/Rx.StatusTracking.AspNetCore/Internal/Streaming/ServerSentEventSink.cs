using System.Buffers;
using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// Writes <c>text/event-stream</c> straight into the response pipe: <c>id:</c> is the status sequence (so a
/// browser's <c>Last-Event-ID</c> resumes exactly), statuses are unnamed events, <c>gap</c> and <c>complete</c>
/// are named ones, heartbeats are comment lines.
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
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        _response.ContentType = "text/event-stream; charset=utf-8";
        _response.Headers.CacheControl = "no-cache, no-store";
        _response.Headers["X-Accel-Buffering"] = "no";
        Ascii("retry: ");
        Number((long)reconnectDelay.TotalMilliseconds);
        Ascii("\n\n");
    }

    public ValueTask WriteStatusAsync(ChatStatus status, CancellationToken cancellationToken)
    {
        Ascii("id: ");
        Number(status.Sequence);
        Ascii("\ndata: ");
        _json.WriteStatus(_response.BodyWriter, status, _operationId);
        Ascii("\n\n");
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteGapAsync(StreamGap gap, CancellationToken cancellationToken)
    {
        Ascii("event: gap\ndata: ");
        _json.Write(_response.BodyWriter, gap, _operationId);
        Ascii("\n\n");
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken)
    {
        Ascii(": heartbeat\n\n");
        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _response.BodyWriter.FlushAsync(cancellationToken);

    public async ValueTask CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken)
    {
        Ascii("event: complete\ndata: ");
        _json.Write(_response.BodyWriter, completion, _operationId);
        Ascii("\n\n");
        await FlushAsync(cancellationToken);
    }

    // Ending the response makes the browser reconnect with Last-Event-ID after the retry delay.
    public ValueTask OverflowAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    private void Ascii(string text)
    {
        var span = _response.BodyWriter.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        _response.BodyWriter.Advance(text.Length);
    }

    private void Number(long value)
    {
        var span = _response.BodyWriter.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _response.BodyWriter.Advance(written);
    }
}
