using System.Globalization;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Benchmarks.Redis;

/// <summary>
/// The Redis of the Redis benchmarks (<see cref="RedisScale"/>, <see cref="RedisPublishBenchmarks"/>): one redis-server
/// child process, or a six-node Redis Cluster (the tests' <see cref="RedisCluster"/>), and what they read of it or do to it.
/// </summary>
internal sealed class BenchmarkRedis : IAsyncDisposable
{
    private readonly RedisServer? _server;
    private readonly RedisCluster? _cluster;

    private BenchmarkRedis(RedisServer? server, RedisCluster? cluster)
    {
        _server = server;
        _cluster = cluster;
    }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => _server?.Endpoint ?? _cluster!.Endpoints;

    public static async Task<BenchmarkRedis> StartAsync(bool cluster)
    {
        if (!cluster)
        {
            return new BenchmarkRedis(await RedisServer.StartAsync(), null);
        }

        var nodes = new RedisCluster();
        await nodes.InitializeAsync();
        return new BenchmarkRedis(null, nodes);
    }

    /// <summary><c>used_memory</c>, summed over the masters.</summary>
    public Task<long> UsedMemoryAsync(IConnectionMultiplexer connection) =>
        SumAsync(connection, async server => long.Parse((await server.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture));

    /// <summary>Empties every master.</summary>
    public static void Flush(IConnectionMultiplexer connection)
    {
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            server.FlushDatabase();
        }
    }

    /// <summary>How many keys the masters hold.</summary>
    public Task<long> KeyCountAsync(IConnectionMultiplexer connection) => SumAsync(connection, server => server.DatabaseSizeAsync());

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static async Task<long> SumAsync(IConnectionMultiplexer connection, Func<IServer, Task<long>> read)
    {
        var total = 0L;
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            total += await read(server);
        }

        return total;
    }
}
