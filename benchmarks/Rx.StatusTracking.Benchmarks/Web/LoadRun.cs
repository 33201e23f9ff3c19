using System.Globalization;
using System.Text.Json;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// One run in a server process and a client process that are already up: a new operation, the clients connect, the
/// server produces, the clients drain, and the server's readings around it give CPU and memory per connection (both
/// memory readings after a full collection, so the heap figure is what the connections hold live).
/// </summary>
internal sealed class LoadRun(string implementation, ChildProcess server, ChildProcess clients, int drainSeconds)
{
    private int _operations;

    public async Task<LoadRow> RunAsync(LoadScenario scenario, int seconds, string run)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"load-{++_operations}");
        await Expect(server.AskAsync($"create {id}"), "ok");
        var beforeConnecting = ProcessStats.Parse(await server.AskAsync("stats gc"));
        await Expect(clients.AskAsync($"follow {id}"), string.Create(CultureInfo.InvariantCulture, $"connected {scenario.Clients}"));
        var connected = ProcessStats.Parse(await server.AskAsync("stats gc"));
        var produced = long.Parse((await server.AskAsync(string.Create(CultureInfo.InvariantCulture, $"produce {id} {scenario.Rate} {seconds}"))).Split(' ')[1], CultureInfo.InvariantCulture);
        var report = JsonSerializer.Deserialize<ClientReport>(await clients.AskAsync(string.Create(CultureInfo.InvariantCulture, $"drain {drainSeconds * 1_000}")))
            ?? throw new InvalidOperationException("The clients reported nothing.");
        var drained = ProcessStats.Parse(await server.AskAsync("stats"));
        await Expect(server.AskAsync($"end {id}"), "ok");
        return new LoadRow(
            implementation,
            scenario,
            run,
            report,
            produced,
            drained.CoresSince(connected),
            (connected.WorkingSet - beforeConnecting.WorkingSet) / (double)scenario.Clients,
            (connected.ManagedHeap - beforeConnecting.ManagedHeap) / (double)scenario.Clients);
    }

    private static async Task Expect(Task<string> answer, string expected)
    {
        var line = await answer;
        if (line != expected)
        {
            throw new InvalidOperationException($"Expected '{expected}', got '{line}'.");
        }
    }
}
