using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The <c>web-load-clients --impl I --address A --clients N</c> process. Prints <c>ready</c>, then answers one line
/// per command read from stdin: <c>follow ID</c> connects N clients to the operation (<c>connected N</c>);
/// <c>drain MS</c> waits at most MS for every client's stream to end, disconnects the rest, and prints the run's
/// <see cref="ClientReport"/> as JSON; <c>quit</c>.
/// </summary>
internal static class LoadClients
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is not ["--impl", var impl, "--address", var addressText, "--clients", var countText]
            || !int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !Uri.TryCreate(addressText, UriKind.Absolute, out var address))
        {
            await Console.Error.WriteLineAsync("web-load-clients --impl I --address http://127.0.0.1:PORT --clients N");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
        List<FollowerTally> tallies = [];
        Task[] following = [];
        List<Socket> idle = [];
        var stop = new CancellationTokenSource();
        var connected = ProcessStats.Measure(collect: false);
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line.Split(' '))
            {
                case ["follow", var id] when impl == LoadImplementation.Idle:
                    idle = await IdleConnections.OpenAsync(address, id, count, CancellationToken.None);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connected {idle.Count}"));
                    break;
                case ["follow", var id]:
                    stop = new CancellationTokenSource();
                    tallies = [.. Enumerable.Range(0, count).Select(_ => new FollowerTally())];
                    following = await Task.WhenAll(tallies.Select(tally => ConnectAsync(impl, http, address, id, tally, stop.Token)));
                    connected = ProcessStats.Measure(collect: false);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connected {following.Length}"));
                    break;
                case ["drain", var milliseconds]:
                    try
                    {
                        await Task.WhenAll(following).WaitAsync(TimeSpan.FromMilliseconds(int.Parse(milliseconds, CultureInfo.InvariantCulture)));
                    }
                    catch (TimeoutException)
                    {
                    }

                    tallies.ForEach(tally => tally.Close());
                    await stop.CancelAsync();
                    await Task.WhenAll(following);
                    stop.Dispose();
                    Console.WriteLine(JsonSerializer.Serialize(ClientReport.Of(tallies, ProcessStats.Measure(collect: false).CoresSince(connected))));
                    break;
                case ["quit"]:
                    idle.ForEach(socket => socket.Dispose());
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"web-load-clients: unknown command '{line}'");
                    return 2;
            }
        }

        return 0;
    }

    private static Task<Task> ConnectAsync(string impl, HttpClient http, Uri address, string operationId, FollowerTally tally, CancellationToken stop) => impl switch
    {
        LoadImplementation.Ours => SseFollower.ConnectAsync(http, new Uri(address, $"/status/{operationId}/events"), tally, stop),
        LoadImplementation.Plain => SseFollower.ConnectAsync(http, new Uri(address, $"/plain/{operationId}/events"), tally, stop),
        LoadImplementation.OursWebSocket => WebSocketFollower.ConnectAsync(new UriBuilder(new Uri(address, $"/status/{operationId}/ws")) { Scheme = "ws" }.Uri, tally, stop),
        LoadImplementation.SignalR => SignalRFollower.ConnectAsync(new Uri(address, "/hub"), operationId, tally, stop),
        _ => throw new ArgumentException($"Unknown implementation '{impl}'.", nameof(impl)),
    };
}
