using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// Two servers' hubs over one Redis: <see cref="Producer"/>, published under a fresh prefix, and <see cref="Web"/>,
/// mirroring that prefix. Disposed in the reverse order of their making, as <c>using</c> declarations would be.
/// </summary>
internal sealed class MirroredHubs : IAsyncDisposable
{
    private readonly IDisposable _publishing;
    private readonly IDisposable _mirroring;

    public MirroredHubs(IConnectionMultiplexer redis)
    {
        Prefix = SharedRedis.NewPrefix();
        Producer = new StatusHub();
        Publisher = new RedisStatusPublisher(redis, new RedisPublisherOptions { KeyPrefix = Prefix });
        _publishing = Publisher.PublishHub(Producer);
        Source = new RedisStatusSource(redis, new RedisSourceOptions { KeyPrefix = Prefix });
        Web = new StatusHub();
        _mirroring = Source.MirrorTo(Web);
    }

    public string Prefix { get; }

    /// <summary>The hub of the server that runs the operations.</summary>
    public StatusHub Producer { get; }

    public RedisStatusPublisher Publisher { get; }

    public RedisStatusSource Source { get; }

    /// <summary>The hub of the server that serves them from its mirror.</summary>
    public StatusHub Web { get; }

    public async ValueTask DisposeAsync()
    {
        _mirroring.Dispose();
        Web.Dispose();
        Source.Dispose();
        _publishing.Dispose();
        await Publisher.DisposeAsync();
        Producer.Dispose();
    }
}
