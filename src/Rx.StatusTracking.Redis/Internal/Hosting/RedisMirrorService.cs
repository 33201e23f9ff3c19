using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The mirror of <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusMirror"/>: at start it connects and mirrors
/// every operation in Redis into the app's hub; at stop it stops following (the mirrored operations stay in the hub) and
/// writes the source's last reports to the log.
/// </summary>
internal sealed class RedisMirrorService(IServiceProvider services, IOptions<RedisSourceOptions> options, HostedConnections connections)
    : HostedTransport<RedisMirrorService.Run>(services, connections)
{
    protected override string HubUse => "AddRedisStatusMirror fills it with the operations in Redis";

    protected override string? ConnectionString() => options.Value.ConnectionString;

    protected override Run Start(StatusHub hub, IConnectionMultiplexer redis)
    {
        var source = new RedisStatusSource(redis, options.Value);
        var logging = new ErrorLogging(source.Errors, LoggerOf<RedisStatusSource>());
        return new Run(redis, source, source.MirrorTo(hub), logging);
    }

    /// <summary>A running source and its mirroring into the hub.</summary>
    internal sealed class Run(IConnectionMultiplexer redis, RedisStatusSource source, IDisposable mirroring, ErrorLogging logging)
        : HostedRun(redis, logging)
    {
        protected override ValueTask CloseAsync(CancellationToken? stopping)
        {
            mirroring.Dispose();
            source.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
