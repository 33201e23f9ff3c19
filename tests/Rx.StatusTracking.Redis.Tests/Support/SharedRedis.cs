using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>One redis-server and one connection for the test classes that do not kill it; each test uses its own key prefix.</summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");

    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is null)
        {
            // Skipped locally by [RedisFact]; under CI the tests fail on their own with the install hint.
            return;
        }

        _server = await RedisServer.StartAsync();
        _connection = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}

[CollectionDefinition(Name)]
public sealed class SharedRedisCollection : ICollectionFixture<SharedRedis>
{
    public const string Name = "shared redis-server";
}
