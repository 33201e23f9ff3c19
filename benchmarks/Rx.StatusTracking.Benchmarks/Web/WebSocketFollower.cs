using System.Net.WebSockets;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>A client of the library's WebSocket endpoint: one status per text message; a normal close is the completion.</summary>
internal static class WebSocketFollower
{
    /// <summary>Connects; the returned task's task completes when the socket closes or <paramref name="stop"/> fires.</summary>
    public static async Task<Task> ConnectAsync(Uri socketUri, FollowerTally tally, CancellationToken stop)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(socketUri, stop);
        return ReadAsync(socket, tally, stop);
    }

    private static async Task ReadAsync(ClientWebSocket socket, FollowerTally tally, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var received = await socket.ReceiveAsync(buffer.AsMemory(filled), stop);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.CloseStatus == WebSocketCloseStatus.NormalClosure)
                    {
                        tally.Complete();
                    }

                    return;
                }

                filled += received.Count;
                if (received.EndOfMessage)
                {
                    tally.Receive(buffer.AsSpan(0, filled), DateTimeOffset.UtcNow);
                    filled = 0;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            socket.Abort();
            socket.Dispose();
            tally.End();
        }
    }
}
