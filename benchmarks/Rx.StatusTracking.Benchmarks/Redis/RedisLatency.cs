using System.Diagnostics;
using System.Globalization;
using Rx.StatusTracking.Redis;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Benchmarks.Redis;

/// <summary>
/// End-to-end latency figure (not a BenchmarkDotNet class: it measures a live flow over time). A tracker reports at a
/// fixed rate, a <see cref="RedisStatusPublisher"/> writes to a real redis-server on loopback, and a
/// <see cref="RedisStatusSource"/> on a second connection follows the stream (pub/sub wake-up, <c>XRANGE</c> from
/// the last id). Latency is from just before the report to the reader's <c>OnNext</c>.
/// </summary>
internal static class RedisLatency
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var seconds = 5;
        int[] rates = [100, 1_000, 10_000];
        if (args is ["--seconds", var text] && int.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            seconds = parsed;
        }
        else if (args.Count > 0)
        {
            Console.WriteLine("redis-latency [--seconds 5]");
            return 2;
        }

        await using var server = await RedisServer.StartAsync();
        await using var producerConnection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        await using var consumerConnection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        // A discarded round first, so the figures do not include JIT compilation.
        await MeasureAsync(producerConnection, consumerConnection, 1_000, 1, print: false);
        Console.WriteLine("| Rate (statuses/s) | Delivered | p50 | p90 | p99 | max |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in rates)
        {
            await MeasureAsync(producerConnection, consumerConnection, rate, seconds, print: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(ConnectionMultiplexer producerConnection, ConnectionMultiplexer consumerConnection, int rate, int seconds, bool print)
    {
        var total = rate * seconds;
        var reportedAt = new long[total + 1];
        var latencies = new List<double>(total);
        await using var publisher = new RedisStatusPublisher(producerConnection, new RedisPublisherOptions { KeyPrefix = "latency" });
        using var source = new RedisStatusSource(consumerConnection, new RedisSourceOptions { KeyPrefix = "latency" });
        using var tracker = new ChatStatusTracker();
        var operationId = $"rate-{rate}-{Guid.NewGuid():N}";
        using var publishing = publisher.Publish(operationId, tracker);
        var done = new TaskCompletionSource();
        using var reading = source.Observe(operationId).Subscribe(
            status =>
            {
                var now = Stopwatch.GetTimestamp();
                if (status.Sequence <= total)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref reportedAt[status.Sequence]), now).TotalMilliseconds);
                }
            },
            () => done.SetResult());

        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= total; i++)
        {
            // Paced against the clock; a busy-wait below 1 ms keeps the rate even at 10,000/s.
            var due = TimeSpan.FromSeconds((double)i / rate);
            while (clock.Elapsed < due)
            {
                if (due - clock.Elapsed > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(1);
                }
            }

            Volatile.Write(ref reportedAt[i], Stopwatch.GetTimestamp());
            var step = ((i - 1) / 2) + 1;
            if (i % 2 == 1)
            {
                tracker.Executing(step, ChatStatusMessages.ExecutingTool("web_search"), new { attempt = 1 });
            }
            else
            {
                tracker.Completed(step, ChatStatusMessages.ToolCompleted("web_search"));
            }
        }

        tracker.Complete();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (!print)
        {
            return;
        }

        latencies.Sort();
        string At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))].ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        Console.WriteLine($"| {rate:N0} | {latencies.Count:N0}/{total:N0} | {At(0.50)} | {At(0.90)} | {At(0.99)} | {latencies[^1].ToString("0.00", CultureInfo.InvariantCulture)} ms |");
    }
}
