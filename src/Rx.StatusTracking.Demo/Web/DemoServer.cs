using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AgUi;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.Demo.Agents;
using Rx.StatusTracking.Demo.Simulation;

namespace Rx.StatusTracking.Demo.Web;

/// <summary>
/// <c>--serve</c>: the status endpoints and the dashboard on 127.0.0.1, fed by one simulated chat turn (or, with
/// <c>--agents</c>, one agent run) after another until the process is asked to stop; an MCP endpoint (Streamable HTTP
/// at <c>/mcp</c>) whose tool <c>chat_turn</c> runs a turn and reports its progress to the caller; and an AG-UI endpoint
/// (<c>POST /agui</c>) that runs a turn for an agent front end.
/// </summary>
internal static class DemoServer
{
    private static readonly TimeSpan PauseBetweenTurns = TimeSpan.FromSeconds(1.5);

    public static async Task<int> RunAsync(int port, bool agents, TextWriter output, TextWriter error, CancellationToken stop)
    {
        using var hub = new StatusHub(new StatusHubOptions { CompletedRetention = TimeSpan.FromMinutes(2), MaxOperations = 50 });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer().WithHttpTransport().WithTools([DemoMcpTool.Create(hub)]);
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapStatusEndpoints(hub);
        app.MapStatusDashboard();
        app.MapMcp("/mcp");
        app.MapAgUiEndpoint("/agui", hub, DemoAgUiTurn.RunAsync);
        try
        {
            await app.StartAsync(stop).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            // Kestrel's "failed to bind" is an expected situation on a developer's machine, not a crash: say what to do.
            await error.WriteLineAsync($"Port {port} is already in use; pass --port N to use another (0 picks a free one).").ConfigureAwait(false);
            return DemoApp.ExitPortInUse;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        await output.WriteLineAsync($"Dashboard: {address}/  (status endpoints under {address}/status, MCP at {address}/mcp, AG-UI at {address}/agui; Ctrl+C to stop)").ConfigureAwait(false);

        var number = 0;
        while (!stop.IsCancellationRequested)
        {
            var (id, seed, tracker) = DemoOperations.StartNext(hub, agents ? "agents" : "turn", ref number);
            using (agents ? null : new ChatTurnSimulation(tracker, seed: seed).Start())
            {
                var running = agents ? new AgentScenario(tracker, ScenarioClock.RealTime, seed: seed).RunAsync(stop) : Task.CompletedTask;
                await tracker.Completion.WaitAsync(stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                await running.ConfigureAwait(false);
            }

            if (tracker.IsCompleted)
            {
                await output.WriteLineAsync($"{id}: {tracker.GetSummary().ToString().Split('\n')[0]}").ConfigureAwait(false);
            }

            await Task.Delay(PauseBetweenTurns, stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        await output.WriteLineAsync("Stopping.").ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return DemoApp.ExitOk;
    }
}
