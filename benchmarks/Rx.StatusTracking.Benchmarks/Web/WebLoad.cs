namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The web load figure (not a BenchmarkDotNet class: it measures live servers over time). For each scenario and each
/// server (the library's event stream and WebSocket, a plain SSE broadcaster, SignalR) it starts a server process and
/// a client process (this executable again), then measures a cold run (the first seconds of the fresh processes), a
/// warm-up run it discards, and the warm run, with the same statuses and clients for every server; then prints one
/// table. <c>--idle N</c> measures the server's memory per idle event-stream connection instead.
/// </summary>
internal static class WebLoad
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = LoadSettings.Parse(args);
        if (settings is null)
        {
            Console.WriteLine(LoadSettings.Usage);
            return 2;
        }

        if (settings.IdleConnections > 0)
        {
            return await IdleLoad.RunAsync(settings.IdleConnections, settings.ServerEnvironment);
        }

        List<LoadRow> rows = [];
        Console.WriteLine(LoadRow.Header);
        foreach (var scenario in settings.Scenarios)
        {
            foreach (var implementation in settings.Implementations)
            {
                await foreach (var row in MeasureAsync(implementation, scenario, settings))
                {
                    Console.WriteLine(row.ToMarkdown());
                    rows.Add(row);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"web-load {string.Join(' ', args)}".TrimEnd() + ":");
        Console.WriteLine(LoadRow.Header);
        rows.ForEach(row => Console.WriteLine(row.ToMarkdown()));
        return 0;
    }

    private static async IAsyncEnumerable<LoadRow> MeasureAsync(string implementation, LoadScenario scenario, LoadSettings settings)
    {
        await using var server = ChildProcess.Start(settings.ServerEnvironment, "web-load-server", "--impl", implementation);
        var address = await server.ReadLineAsync();
        await using var clients = ChildProcess.Start("web-load-clients", "--impl", implementation, "--address", address, "--clients", scenario.Clients.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (await clients.ReadLineAsync() != "ready")
        {
            throw new InvalidOperationException("The client process did not start.");
        }

        var run = new LoadRun(implementation, server, clients, settings.DrainSeconds);
        if (settings.ColdSeconds > 0)
        {
            yield return await run.RunAsync(scenario, settings.ColdSeconds, $"cold {settings.ColdSeconds} s");
        }

        if (settings.WarmupSeconds > 0)
        {
            await run.RunAsync(scenario, settings.WarmupSeconds, "warm-up");
        }

        yield return await run.RunAsync(scenario, scenario.Seconds, $"warm {scenario.Seconds} s");
    }
}
