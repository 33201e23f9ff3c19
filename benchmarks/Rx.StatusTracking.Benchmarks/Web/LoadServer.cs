using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The <c>web-load-server --impl ours|ours-ws|plain|signalr</c> process: Kestrel on a loopback port with only the
/// chosen server's endpoints. Prints its address, then answers one line per command read from stdin:
/// <c>create ID</c>, <c>produce ID RATE SECONDS</c>, <c>stats</c> / <c>stats gc</c>, <c>end ID</c>, <c>quit</c>.
/// </summary>
internal static class LoadServer
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is not ["--impl", var impl] || !LoadImplementation.All.Contains(impl))
        {
            await Console.Error.WriteLineAsync($"web-load-server --impl {string.Join('|', LoadImplementation.All)}");
            return 2;
        }

        using var hub = new StatusHub();
        var fanOuts = new ConcurrentDictionary<string, IDisposable>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        if (impl == LoadImplementation.SignalR)
        {
            builder.Services.AddSignalR();
        }

        await using var app = builder.Build();
        switch (impl)
        {
            case LoadImplementation.Ours:
                app.MapStatusEndpoints(hub, "/status", OursOptions());
                break;
            case LoadImplementation.OursWebSocket:
                app.UseWebSockets();
                app.MapStatusEndpoints(hub, "/status", OursOptions());
                break;
            case LoadImplementation.Plain:
                app.MapGet("/plain/{id}/events", (HttpContext context, string id) =>
                    fanOuts.TryGetValue(id, out var fanOut) && fanOut is PlainSseBroadcaster plain ? plain.ServeAsync(context) : Results.NotFound().ExecuteAsync(context));
                break;
            default:
                app.MapHub<StatusGroupHub>("/hub");
                break;
        }

        await app.StartAsync();
        Console.WriteLine(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line.Split(' '))
            {
                case ["create", var id]:
                    var created = hub.Create(id);
                    StatusProduction.Begin(created);
                    if (impl == LoadImplementation.Plain)
                    {
                        fanOuts[id] = new PlainSseBroadcaster(created);
                    }
                    else if (impl == LoadImplementation.SignalR)
                    {
                        fanOuts[id] = new SignalRFanOut(created, app.Services.GetRequiredService<IHubContext<StatusGroupHub>>(), id);
                    }

                    Console.WriteLine("ok");
                    break;
                case ["produce", var id, var rate, var seconds] when hub.TryGet(id, out var tracker):
                    var produced = await StatusProduction.RunAsync(tracker, Number(rate), Number(seconds));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"produced {produced}"));
                    break;
                case ["stats", .. var options]:
                    Console.WriteLine(ProcessStats.Measure(collect: options is ["gc"]).ToLine());
                    break;
                case ["end", var id]:
                    if (fanOuts.TryRemove(id, out var ended))
                    {
                        ended.Dispose();
                    }

                    Console.WriteLine("ok");
                    break;
                case ["quit"]:
                    await app.StopAsync();
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"web-load-server: unknown command '{line}'");
                    return 2;
            }
        }

        return 0;
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Default options, but for <c>PacingInterval</c> in ms from <see cref="PacingVariable"/> when set (0: off).</summary>
    private static StatusEndpointOptions OursOptions() =>
        Environment.GetEnvironmentVariable(PacingVariable) is { } pacing
            ? new StatusEndpointOptions { PacingInterval = TimeSpan.FromMilliseconds(int.Parse(pacing, CultureInfo.InvariantCulture)) }
            : new StatusEndpointOptions();

    /// <summary>The server environment variable that sets <c>ours</c>' <c>PacingInterval</c> in milliseconds.</summary>
    public const string PacingVariable = "WEB_LOAD_PACING_MS";
}
