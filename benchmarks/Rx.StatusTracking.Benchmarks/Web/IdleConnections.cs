using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// Idle event-stream connections on raw sockets (a GET written by hand), so that ten thousand of them keep the client
/// process light: each is open once its first status arrived, then only held.
/// </summary>
internal static class IdleConnections
{
    // Kestrel's listen backlog is 512: connecting a few hundred at a time never overflows it.
    private const int ConnectingAtOnce = 200;

    /// <summary>Opens <paramref name="count"/> connections to the library's event stream of <paramref name="operationId"/>.</summary>
    public static async Task<List<Socket>> OpenAsync(Uri address, string operationId, int count, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address.Host), address.Port);
        var request = Encoding.ASCII.GetBytes($"GET /status/{operationId}/events HTTP/1.1\r\nHost: {address.Authority}\r\nAccept: text/event-stream\r\n\r\n");
        var sockets = new List<Socket>(count);
        using var gate = new SemaphoreSlim(ConnectingAtOnce);
        var opening = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var socket = await OpenOneAsync(endpoint, request, cancellationToken);
                lock (sockets)
                {
                    sockets.Add(socket);
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(opening);
        return sockets;
    }

    private static async Task<Socket> OpenOneAsync(IPEndPoint endpoint, byte[] request, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            await socket.SendAsync(request, SocketFlags.None, cancellationToken);
            var buffer = new byte[4 * 1024];
            var filled = 0;
            while (buffer.AsSpan(0, filled).IndexOf("\ndata: "u8) < 0)
            {
                if (filled == buffer.Length)
                {
                    throw new InvalidDataException("No status in the first 4 KiB of the event stream.");
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
                filled += read > 0 ? read : throw new InvalidDataException("The server closed an idle event stream.");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
