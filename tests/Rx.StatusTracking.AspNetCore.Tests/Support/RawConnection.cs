using System.Net.Sockets;
using System.Text;

namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>HTTP and WebSocket requests on a raw socket: to see the bytes on the wire, or to be a client that never reads.</summary>
internal static class RawConnection
{
    public static string EventStreamRequest(Uri server, string path) =>
        $"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: text/event-stream\r\n\r\n";

    /// <summary>A WebSocket upgrade, offering <paramref name="extensions"/> (e.g. <c>permessage-deflate</c>) when given.</summary>
    public static string UpgradeRequest(Uri server, string path, string? extensions = null) =>
        $"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\nSec-WebSocket-Version: 13\r\n"
        + (extensions is null ? "" : $"Sec-WebSocket-Extensions: {extensions}\r\n")
        + "\r\n";

    /// <summary>Sends <paramref name="request"/> on a socket with a tiny receive buffer (so a client that never reads fills it soon).</summary>
    public static async Task<Socket> SendAsync(Uri server, string request)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        await socket.ConnectAsync(server.Host, server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return socket;
    }

    /// <summary>The response's status line and headers, up to the blank line.</summary>
    public static async Task<string> ReadHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await ReadExactlyAsync(socket, one, cancellationToken);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>A header's value in a response head; <see langword="null"/> when absent.</summary>
    public static string? HeaderOf(string head, string name) =>
        head.Split("\r\n").Skip(1)
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .SingleOrDefault();

    /// <summary>One unmasked server frame: its first byte (FIN, RSV1-3, opcode) and its payload.</summary>
    public static async Task<(byte First, byte[] Payload)> ReadFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        await ReadExactlyAsync(socket, header, cancellationToken);
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await ReadExactlyAsync(socket, extended, cancellationToken);
            length = extended.Aggregate(0L, (total, b) => (total << 8) | b);
        }

        var payload = new byte[length];
        await ReadExactlyAsync(socket, payload, cancellationToken);
        return (header[0], payload);
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }

            read += received;
        }
    }
}
