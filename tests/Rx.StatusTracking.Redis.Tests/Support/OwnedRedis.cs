namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// A test class whose every test owns a redis-server (xunit makes one instance per test), which it may kill and restart:
/// started before the test, killed after it.
/// </summary>
public abstract class OwnedRedis : IAsyncLifetime
{
    private RedisServer? _server;

    protected RedisServer Server => _server ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is not null)
        {
            _server = await RedisServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
