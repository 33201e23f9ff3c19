using System.Net.WebSockets;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// One text frame per status, the same JSON as the event stream; a normal close when the operation completes.
/// Heartbeats are the WebSocket's own keep-alive pings, so frames carry statuses only.
/// </summary>
internal sealed class WebSocketSink(WebSocket socket, WebJson json, string operationId) : IStatusSink
{
    /// <summary>The close code a client gets when it fell too far behind (1013, "try again later").</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    public WebTransport Transport => WebTransport.WebSocket;

    public ValueTask WriteStatusAsync(ChatStatus status, CancellationToken cancellationToken) =>
        socket.SendAsync(json.Encode(status, operationId), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    // Frames stay statuses only (clients parse each as one): a WebSocket client sees a jump, and cannot tell a loss from a
    // conflation; the event stream is the transport that says so (documented).
    public ValueTask WriteGapAsync(StreamGap gap, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask CompleteAsync(OperationCompletion completion, CancellationToken cancellationToken) =>
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, $"operation {completion.State.ToString().ToLowerInvariant()}", cancellationToken);

    public async ValueTask OverflowAsync(CancellationToken cancellationToken) =>
        await socket.CloseAsync(TryAgainLater, "client too slow: resume with ?after=<last sequence>", cancellationToken);
}
