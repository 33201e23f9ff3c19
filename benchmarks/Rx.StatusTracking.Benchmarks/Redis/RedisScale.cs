using System.Diagnostics;
using System.Globalization;
using Rx.StatusTracking.Benchmarks.Web;
using Rx.StatusTracking.Redis;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Benchmarks.Redis;

/// <summary>
/// The many-operations figure (not a BenchmarkDotNet class: it measures a flow across processes). This process starts a
/// redis-server (a single node, or a six-node cluster with <c>--cluster</c>), starts itself again as a mirror
/// (<see cref="RedisScaleMirror"/>: a <see cref="RedisStatusSource"/> mirroring into a hub), then opens
/// <c>--operations</c> operations at once on one <see cref="RedisStatusPublisher"/>, reports a few statuses on each and
/// completes them. It prints the time until the mirror holds every operation completed with all its statuses, the
/// memory of both processes, Redis's memory per completed operation, and whether expiry cleans up after
/// <c>CompletedExpiry</c>.
/// </summary>
internal static class RedisScale
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var operations = 10_000;
        var expiry = TimeSpan.FromSeconds(10);
        var cluster = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--operations" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var count) && count > 0:
                    operations = count;
                    i++;
                    break;
                case "--expiry-seconds" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    expiry = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                case "--cluster":
                    cluster = true;
                    break;
                default:
                    Console.WriteLine("redis-scale [--operations 10000] [--expiry-seconds 10] [--cluster]");
                    return 2;
            }
        }

        await using var redis = await BenchmarkRedis.StartAsync(cluster);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var usedBefore = await redis.UsedMemoryAsync(connection);
        await using var mirror = ChildProcess.Start("redis-scale-mirror", redis.Configuration, operations.ToString(CultureInfo.InvariantCulture));
        Expect("ready", await mirror.ReadLineAsync());
        var mirrorIdle = ProcessStats.Parse(await mirror.AskAsync("stats"));

        var options = new RedisPublisherOptions { CompletedExpiry = expiry, MaxOutbox = operations * 8 };
        var publisher = new RedisStatusPublisher(connection, options);
        var trackers = Enumerable.Range(0, operations).Select(_ => new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 16 })).ToArray();
        var publishing = new IDisposable[operations];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
        {
            publishing[i] = publisher.Publish(OperationId(i), trackers[i]);
            trackers[i].Executing(1, ChatStatusMessages.AnalyzingQuery);
        }

        // Every operation running at once, then each one's tool call, and its end.
        var running = ProcessStats.Measure(collect: false);
        for (var i = 0; i < operations; i++)
        {
            trackers[i].Completed(1, ChatStatusMessages.AnalyzingQuery);
            trackers[i].Executing(2, ChatStatusMessages.ExecutingTool("web_search"), new { query = "reactive extensions", operation = i });
            trackers[i].Completed(2, ChatStatusMessages.ToolCompleted("web_search"), new { results = 10 });
            trackers[i].Complete();
        }

        await publisher.FlushAsync();
        var published = clock.Elapsed;
        Expect("all", await mirror.AskAsync("wait"));
        var mirrored = clock.Elapsed;
        var mirrorFull = ProcessStats.Parse(await mirror.AskAsync("stats"));
        var usedAfter = await redis.UsedMemoryAsync(connection);
        var keys = await redis.KeyCountAsync(connection);
        var errors = await mirror.AskAsync("errors");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | figure | value |
            |---|---|
            | Redis | {(cluster ? "6-node cluster (3 masters, 3 replicas)" : "one node")}, {operations:N0} operations x 4 statuses |
            | all written (publisher's FlushAsync) | {published.TotalMilliseconds:N0} ms ({operations * 4 / published.TotalSeconds:N0} statuses/s) |
            | all mirrored, completed, with every status | {mirrored.TotalMilliseconds:N0} ms after the first report |
            | publisher process while all ran: working set / managed heap | {running.WorkingSet / 1048576.0:N1} MiB / {running.ManagedHeap / 1048576.0:N1} MiB |
            | mirror process, idle then holding all: working set | {mirrorIdle.WorkingSet / 1048576.0:N1} MiB -> {mirrorFull.WorkingSet / 1048576.0:N1} MiB |
            | mirror process, managed heap holding all | {mirrorFull.ManagedHeap / 1048576.0:N1} MiB ({(mirrorFull.ManagedHeap - mirrorIdle.ManagedHeap) / operations:N0} B per operation) |
            | Redis used_memory per completed operation (masters) | {(usedAfter - usedBefore) / operations:N0} B ({keys:N0} keys) |
            | mirror's reports | {errors} |
            """));

        await publisher.DisposeAsync();
        Array.ForEach(publishing, p => p.Dispose());
        Array.ForEach(trackers, t => t.Dispose());

        // Expiry: Redis drops each stream after CompletedExpiry; the index lets expired entries go at the next completion.
        var expiring = Stopwatch.StartNew();
        while (await redis.KeyCountAsync(connection) > 1 && expiring.Elapsed < expiry + TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250);
        }

        var left = await redis.KeyCountAsync(connection);
        var indexLeft = await connection.GetDatabase().SortedSetLengthAsync(RedisPublisherOptions.DefaultKeyPrefix);
        await using (var cleaner = new RedisStatusPublisher(connection))
        {
            using var last = new ChatStatusTracker();
            using (cleaner.Publish("cleanup", last))
            {
                last.Complete();
                await cleaner.FlushAsync();
            }
        }

        var indexAfterNext = await connection.GetDatabase().SortedSetLengthAsync(RedisPublisherOptions.DefaultKeyPrefix);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| expiry ({expiry.TotalSeconds:N0} s) | {expiring.Elapsed.TotalSeconds:N1} s until {left:N0} key(s) left; index entries {indexLeft:N0}, then {indexAfterNext:N0} after the next completion |"));
        return 0;
    }

    internal static string OperationId(int index) => string.Create(CultureInfo.InvariantCulture, $"turn-{index:D6}");

    private static void Expect(string expected, string line)
    {
        if (line != expected)
        {
            throw new InvalidOperationException($"The mirror answered '{line}', not '{expected}'.");
        }
    }
}
