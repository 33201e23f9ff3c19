using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Rx.StatusTracking.Demo.Simulation;
using Rx.StatusTracking.Mcp;

namespace Rx.StatusTracking.Demo.Web;

/// <summary>
/// <c>--serve</c>'s MCP tool <c>chat_turn</c>: runs one simulated chat turn (an operation <c>mcp-N</c> on the hub, so
/// the dashboard shows it too) and reports it to the caller as progress notifications, then returns its summary.
/// </summary>
internal static class DemoMcpTool
{
    public const string Name = "chat_turn";

    public static McpServerTool Create(StatusHub hub)
    {
        var calls = 0;
        return McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
            {
                var (_, number, tracker) = DemoOperations.StartNext(hub, "mcp", ref calls);
                try
                {
                    var progress = tracker.SendMcpProgressAsync(request, new McpProgressOptions { ExpectedSteps = ChatTurnSimulation.StepCount }, cancellationToken);
                    using (new ChatTurnSimulation(tracker, seed: number).Start())
                    {
                        // Ends when the turn completes the tracker and its last notification is written.
                        await progress.ConfigureAwait(false);
                    }

                    return tracker.GetSummary().ToString().Split('\n')[0];
                }
                finally
                {
                    // A cancelled call leaves no operation running on the hub.
                    if (!tracker.IsCompleted)
                    {
                        tracker.Complete();
                    }
                }
            },
            new McpServerToolCreateOptions
            {
                Name = Name,
                Description = "Runs a simulated chat turn (six steps, one tool failing once and retried) and reports its progress.",
            });
    }
}
