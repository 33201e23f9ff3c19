using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The web load figure (not a BenchmarkDotNet class: it measures a live server over time). SSE and WebSocket
/// clients on loopback follow one operation while it produces statuses at a fixed rate, with the endpoints'
/// default conflation. Reports statuses delivered per second, latency from <see cref="ChatStatus.Timestamp"/> to
/// receipt (p50, p99), peak memory, and whether every client's last status equals the operation's final one.
/// </summary>
internal static class WebLoad
{
    private const int Steps = 50;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.WriteLine("web-load [--sse 100] [--ws 100] [--rate 10000] [--seconds 10]");
            return 2;
        }

        using var hub = new StatusHub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapStatusEndpoints(hub);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        var tracker = hub.Create("load");
        tracker.Executing(0, ChatStatusMessages.AnalyzingQuery);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        var clients = new List<Client>();
        clients.AddRange(Enumerable.Range(0, settings.Sse).Select(_ => new Client("SSE")));
        clients.AddRange(Enumerable.Range(0, settings.WebSockets).Select(_ => new Client("WebSocket")));
        var following = clients.Select(c => c.Kind == "SSE" ? FollowSseAsync(http, c) : FollowWebSocketAsync(address, c)).ToList();
        while (tracker.SubscriberCount < clients.Count)
        {
            await Task.Delay(10);
        }

        using var sampling = new CancellationTokenSource();
        var memory = SampleMemoryAsync(sampling.Token);
        var produced = await ProduceAsync(tracker, settings);
        var final = tracker.Current!;
        await Task.WhenAll(following);
        await sampling.CancelAsync();
        var (peakWorkingSet, peakHeap) = await memory;

        Report(settings, clients, produced, final, peakWorkingSet, peakHeap);
        await app.StopAsync();
        return clients.All(c => c.Last == final) ? 0 : 1;
    }

    // Paced in 10 ms ticks: each tick reports what the rate owes so far, so the rate holds even when a tick is late.
    private static async Task<long> ProduceAsync(ChatStatusTracker tracker, Settings settings)
    {
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        long produced = 1;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (clock.Elapsed < duration && await ticks.WaitForNextTickAsync())
        {
            var owed = (long)(clock.Elapsed.TotalSeconds * settings.Rate) - produced;
            for (var i = 0; i < owed; i++, produced++)
            {
                tracker.Executing(1 + (int)(produced % Steps), ChatStatusMessages.ExecutingTool("search"), data: produced);
            }
        }

        for (var step = 1; step <= Steps; step++, produced++)
        {
            tracker.Completed(step, ChatStatusMessages.ToolCompleted("search"));
        }

        tracker.Complete();
        return produced;
    }

    private static async Task FollowSseAsync(HttpClient http, Client client)
    {
        using var response = await http.GetAsync(new Uri("/status/load/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {\"step\"", StringComparison.Ordinal))
            {
                client.Receive(Encoding.UTF8.GetBytes(line, 6, line.Length - 6));
            }
        }
    }

    private static async Task FollowWebSocketAsync(Uri server, Client client)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(server, "/status/load/ws")) { Scheme = "ws" }.Uri, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                client.Receive(message.GetBuffer().AsSpan(0, (int)message.Length).ToArray());
                message.SetLength(0);
            }
        }
    }

    private static async Task<(long WorkingSet, long Heap)> SampleMemoryAsync(CancellationToken stop)
    {
        long workingSet = 0, heap = 0;
        using var process = Process.GetCurrentProcess();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                workingSet = Math.Max(workingSet, process.WorkingSet64);
                heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(50, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return (workingSet, heap);
    }

    private static void Report(Settings settings, List<Client> clients, long produced, ChatStatus final, long peakWorkingSet, long peakHeap)
    {
        static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{settings.Sse} SSE + {settings.WebSockets} WebSocket clients, {settings.Rate:N0} statuses/s for {settings.Seconds} s over {Steps} steps: {produced:N0} statuses produced"));
        Console.WriteLine("| Clients | Delivered/s (all clients) | Delivered per client | p50 latency | p99 latency | Last = final |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var group in clients.GroupBy(c => c.Kind))
        {
            var latencies = group.SelectMany(c => c.Latencies).Order().ToArray();
            var delivered = group.Sum(c => (long)c.Latencies.Count);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {group.Count()} {group.Key} | {delivered / (double)settings.Seconds:N0} | {100.0 * delivered / group.Count() / produced:0.0}% | {Ms(Percentile(latencies, 0.50))} ms | {Ms(Percentile(latencies, 0.99))} ms | {group.Count(c => c.Last == final)}/{group.Count()} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set {peakWorkingSet / (1024.0 * 1024):0} MiB, peak managed heap {peakHeap / (1024.0 * 1024):0} MiB (server and all clients share this process)."));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>
    /// A client that reads only what it measures (the timestamp) from each status, as a light browser script
    /// would: the clients share the server's two cores here, and full parsing would measure them, not the server.
    /// The last status is parsed in full for the final comparison.
    /// </summary>
    private sealed class Client(string kind)
    {
        private static readonly byte[] TimestampName = "timestamp"u8.ToArray();
        private byte[]? _last;

        public string Kind { get; } = kind;

        public List<double> Latencies { get; } = [];

        public ChatStatus? Last => _last is null ? null : StatusJson.Deserialize(_last);

        public void Receive(byte[] json)
        {
            var now = DateTimeOffset.UtcNow;
            var reader = new System.Text.Json.Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals(TimestampName) && reader.Read())
                {
                    Latencies.Add((now - reader.GetDateTimeOffset()).TotalMilliseconds);
                    break;
                }
            }

            _last = json;
        }
    }

    private sealed record Settings(int Sse, int WebSockets, int Rate, int Seconds)
    {
        public static Settings? Parse(IReadOnlyList<string> args)
        {
            var settings = new Settings(100, 100, 10_000, 10);
            for (var i = 0; i + 1 < args.Count; i += 2)
            {
                if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
                {
                    return null;
                }

                settings = args[i] switch
                {
                    "--sse" => settings with { Sse = value },
                    "--ws" => settings with { WebSockets = value },
                    "--rate" => settings with { Rate = Math.Max(1, value) },
                    "--seconds" => settings with { Seconds = Math.Max(1, value) },
                    _ => null,
                };
                if (settings is null)
                {
                    return null;
                }
            }

            return args.Count % 2 == 0 ? settings : null;
        }
    }
}
