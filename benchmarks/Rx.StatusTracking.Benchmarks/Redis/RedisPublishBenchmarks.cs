using BenchmarkDotNet.Attributes;
using Rx.StatusTracking.Redis;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Benchmarks.Redis;

/// <summary>
/// Publish throughput into a real redis-server on loopback: 10,000 statuses of one operation (5,000 steps going
/// Executing → Completed with small data), per invocation into a fresh stream. The anchors write the same JSON
/// payloads with plain StackExchange.Redis <c>XADD … MAXLEN ~</c> with explicit ids: pipelined (every command
/// issued, then all awaited; with the JSON ready, or serialized in the loop) and one awaited at a time. The publisher
/// is measured on statuses a completed tracker already holds, and while a tracker records them (its figure then
/// includes recording). Each is measured on one redis-server and on a six-node Redis Cluster (three masters, three
/// replicas: <see cref="RedisCluster"/>), where the stream lives on one master.
/// </summary>
/// <remarks>
/// Forty warm-up iterations for every case: with the default warm-up the publisher's process was still tiering its code
/// up through its first measured iterations (its first 60 of 100 measured 50–115 ms, its last 40 35–65 ms, while the
/// anchor had settled), so the figures mixed start-up into a steady-state throughput.
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(40)]
public class RedisPublishBenchmarks
{
    private const int Count = 10_000;
    private BenchmarkRedis? _servers;
    private ConnectionMultiplexer? _redis;
    private IDatabase? _database;
    private byte[][] _payloads = [];
    private ChatStatusTracker? _recorded;
    private int _run;

    /// <summary>Whether Redis is a six-node cluster rather than one server.</summary>
    [Params(false, true)]
    public bool Cluster { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _servers = await BenchmarkRedis.StartAsync(Cluster);
        _redis = await ConnectionMultiplexer.ConnectAsync(_servers.Configuration + ",allowAdmin=true");
        _database = _redis.GetDatabase();
        _recorded = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = Count });
        Script(_recorded);
        _recorded.Complete();
        _payloads = [.. _recorded.History.Select(StatusJson.SerializeToUtf8Bytes)];
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _recorded?.Dispose();
        _redis?.Dispose();
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }

    [IterationCleanup]
    public void Flush() => BenchmarkRedis.Flush(_redis!);

    [Benchmark(Baseline = true, Description = "raw XADD, pipelined")]
    public async Task RawPipelined()
    {
        var key = (RedisKey)$"raw:{_run++}";
        var writes = new Task[Count];
        for (var i = 0; i < Count; i++)
        {
            writes[i] = _database!.StreamAddAsync(key, "status", _payloads[i], $"{i + 1}-0", maxLength: 10_000, useApproximateMaxLength: true);
        }

        await Task.WhenAll(writes);
    }

    [Benchmark(Description = "raw XADD, pipelined, serializing")]
    public async Task RawPipelinedSerializing()
    {
        var key = (RedisKey)$"rawjson:{_run++}";
        var history = _recorded!.History;
        var writes = new Task[Count];
        for (var i = 0; i < Count; i++)
        {
            writes[i] = _database!.StreamAddAsync(key, "status", StatusJson.SerializeToUtf8Bytes(history[i]), $"{i + 1}-0", maxLength: 10_000, useApproximateMaxLength: true);
        }

        await Task.WhenAll(writes);
    }

    [Benchmark(Description = "raw XADD, one at a time")]
    public async Task RawSequential()
    {
        var key = (RedisKey)$"seq:{_run++}";
        for (var i = 0; i < Count; i++)
        {
            await _database!.StreamAddAsync(key, "status", _payloads[i], $"{i + 1}-0", maxLength: 10_000, useApproximateMaxLength: true);
        }
    }

    [Benchmark(Description = "publisher, recorded statuses")]
    public async Task PublisherOfRecorded()
    {
        await using var publisher = new RedisStatusPublisher(_redis!, new RedisPublisherOptions { KeyPrefix = "rec", MaxOutbox = Count * 2 });
        using (publisher.Publish($"op{_run++}", _recorded!))
        {
            await publisher.FlushAsync();
        }
    }

    [Benchmark(Description = "publisher, recording live")]
    public async Task Publisher()
    {
        await using var publisher = new RedisStatusPublisher(_redis!, new RedisPublisherOptions { KeyPrefix = "pub", MaxOutbox = Count * 2 });
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 64 });
        using (publisher.Publish($"op{_run++}", tracker))
        {
            Script(tracker);
            tracker.Complete();
            await publisher.FlushAsync();
        }
    }

    /// <summary>The floor of the publisher's write path: the same script calls with the JSON ready (Redis-bound).</summary>
    [Benchmark(Description = "script appends only, pipelined")]
    public async Task ScriptAppendsOnly()
    {
        var key = (RedisKey)$"eval:{_run++}";
        const string script = "for i = 3, #ARGV, 3 do redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], ARGV[i + 1], ARGV[i + 2]) end return 1";
        var calls = new List<Task>();
        for (var start = 0; start < Count; start += 256)
        {
            var length = Math.Min(256, Count - start);
            var values = new RedisValue[2 + (length * 3)];
            values[0] = "0-0";
            values[1] = 10_000;
            for (var i = 0; i < length; i++)
            {
                values[2 + (i * 3)] = $"{start + i + 1}-0";
                values[3 + (i * 3)] = "status";
                values[4 + (i * 3)] = _payloads[start + i];
            }

            calls.Add(_database!.ScriptEvaluateAsync(script, [key], values));
        }

        await Task.WhenAll(calls);
    }

    private static void Script(ChatStatusTracker tracker)
    {
        for (var i = 0; i < Count / 2; i++)
        {
            var step = i + 1;
            tracker.Executing(step, ChatStatusMessages.ExecutingTool("web_search"), new { query = "reactive extensions", attempt = i });
            tracker.Completed(step, ChatStatusMessages.ToolCompleted("web_search"), new { results = 10 });
        }
    }
}
