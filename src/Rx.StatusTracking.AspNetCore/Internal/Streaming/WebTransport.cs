namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>How a streaming connection carries statuses (the <c>rx_status.transport</c> tag of the web instruments).</summary>
internal enum WebTransport
{
    ServerSentEvents,
    WebSocket,
}
