using System.IO.Pipelines;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Rx.StatusTracking.Mcp.Tests.Support;

// A real McpServer and McpClient talking JSON-RPC over two in-memory pipes (the SDK's stream transports).
internal sealed class InMemoryMcp : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _stop = new();
    private McpServer? _server;
    private Task? _serverRun;

    public McpClient Client { get; private set; } = null!;

    // What the server wrote to the client, in order.
    public WireRecorder Wire { get; private set; } = null!;

    public static async Task<InMemoryMcp> StartAsync(params McpServerTool[] tools)
    {
        var pair = new InMemoryMcp();
        pair.Wire = new WireRecorder(pair._serverToClient.Writer.AsStream());
        pair._server = McpServer.Create(
            new StreamServerTransport(pair._clientToServer.Reader.AsStream(), pair.Wire),
            new McpServerOptions { ToolCollection = [.. tools] });
        pair._serverRun = pair._server.RunAsync(pair._stop.Token);
        pair.Client = await McpClient.CreateAsync(
            new StreamClientTransport(pair._clientToServer.Writer.AsStream(), pair._serverToClient.Reader.AsStream()));
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _stop.CancelAsync();
        if (_serverRun is not null)
        {
            try
            {
                await _serverRun;
            }
            catch (OperationCanceledException)
            {
                // The run ends by its token.
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stop.Dispose();
    }
}
