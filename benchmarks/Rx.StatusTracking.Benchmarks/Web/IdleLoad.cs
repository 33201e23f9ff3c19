using System.Globalization;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// <c>web-load --idle N</c>: N idle event-stream connections to the library's endpoint (one running operation, no
/// status after its first), held by a client process on raw sockets; reports the server's working set and managed heap
/// growth per connection, each read after a full collection.
/// </summary>
internal static class IdleLoad
{
    public static async Task<int> RunAsync(int connections, IReadOnlyDictionary<string, string> serverEnvironment)
    {
        await using var server = ChildProcess.Start(serverEnvironment, "web-load-server", "--impl", LoadImplementation.Ours);
        var address = await server.ReadLineAsync();
        if (await server.AskAsync("create idle") != "ok")
        {
            throw new InvalidOperationException("The server did not create the operation.");
        }

        var before = ProcessStats.Parse(await server.AskAsync("stats gc"));
        await using var clients = ChildProcess.Start("web-load-clients", "--impl", LoadImplementation.Idle, "--address", address, "--clients", connections.ToString(CultureInfo.InvariantCulture));
        if (await clients.ReadLineAsync() != "ready")
        {
            throw new InvalidOperationException("The client process did not start.");
        }

        var connected = await clients.AskAsync("follow idle");
        if (connected != string.Create(CultureInfo.InvariantCulture, $"connected {connections}"))
        {
            throw new InvalidOperationException($"The client process answered '{connected}'.");
        }

        var after = ProcessStats.Parse(await server.AskAsync("stats gc"));
        static string KiB(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KiB");
        Console.WriteLine("Idle SSE connections to 'ours': the server's working set and managed heap after a full collection, before and after connecting.");
        Console.WriteLine("| connections | working set | per connection | managed heap | per connection |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {connections:N0} | {before.WorkingSet / 1048576.0:0} → {after.WorkingSet / 1048576.0:0} MiB | {KiB((after.WorkingSet - before.WorkingSet) / (double)connections)} | {before.ManagedHeap / 1048576.0:0.0} → {after.ManagedHeap / 1048576.0:0.0} MiB | {KiB((after.ManagedHeap - before.ManagedHeap) / (double)connections)} |"));
        return 0;
    }
}
