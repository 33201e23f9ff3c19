using System.Globalization;
using Rx.StatusTracking.Benchmarks.Web;
using Rx.StatusTracking.Redis;
using StackExchange.Redis;

namespace Rx.StatusTracking.Benchmarks.Redis;

/// <summary>
/// <see cref="RedisScale"/>'s second process: mirrors every operation in Redis into a hub, and answers one line per
/// command: <c>stats</c> (its <see cref="ProcessStats"/>), <c>wait</c> (<c>all</c> once the hub holds every operation
/// completed with its four statuses), <c>errors</c> (the reports of the source, counted by kind), <c>quit</c>.
/// </summary>
internal static class RedisScaleMirror
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var operations = int.Parse(args[1], CultureInfo.InvariantCulture);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(args[0]);
        using var hub = new StatusHub(new StatusHubOptions { MaxOperations = operations + 16, CompletedRetention = TimeSpan.FromHours(1) });
        using var source = new RedisStatusSource(connection);
        var reports = new Dictionary<RedisStatusErrorKind, int>();
        using var counting = source.Errors.Subscribe(e =>
        {
            lock (reports)
            {
                reports[e.Kind] = reports.GetValueOrDefault(e.Kind) + 1;
            }
        });
        var done = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var completions = hub.Events.Subscribe(e =>
        {
            if (e.Kind == OperationEventKind.Completed && hub.TryGet(e.OperationId, out var tracker) && tracker.LastSequence == 4 && Interlocked.Increment(ref done) == operations)
            {
                all.TrySetResult();
            }
        });
        using var mirroring = source.MirrorTo(hub);
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } command && command != "quit")
        {
            Console.WriteLine(command switch
            {
                "stats" => ProcessStats.Measure(collect: true).ToLine(),
                "wait" => await all.Task.WaitAsync(TimeSpan.FromMinutes(5)).ContinueWith(t => t.IsCompletedSuccessfully ? "all" : $"only {Volatile.Read(ref done)}", TaskScheduler.Default),
                "errors" => Describe(reports),
                _ => "unknown",
            });
        }

        return 0;
    }

    private static string Describe(Dictionary<RedisStatusErrorKind, int> reports)
    {
        lock (reports)
        {
            return reports.Count == 0 ? "none" : string.Join(", ", reports.Select(r => $"{r.Key} x{r.Value}"));
        }
    }
}
