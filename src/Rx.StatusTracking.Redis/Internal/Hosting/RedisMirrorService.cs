using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The mirror of <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusMirror"/>: at start it connects and mirrors
/// every operation in Redis into the app's hub; at stop it stops following (the mirrored operations stay in the hub) and
/// writes the source's last reports to the log.
/// </summary>
internal sealed class RedisMirrorService(IServiceProvider services, IOptions<RedisSourceOptions> options, HostedConnections connections)
    : IHostedService, IAsyncDisposable
{
    private Running? _running;

    /// <summary>The connection and the source while the service runs (for the health check, and tests).</summary>
    public Running? Current => Volatile.Read(ref _running);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var hub = HostedHub.Resolve(services, "AddRedisStatusMirror fills it with the operations in Redis");
        var settings = options.Value;
        var redis = await connections.GetAsync(settings.ConnectionString, cancellationToken).ConfigureAwait(false);
        var source = new RedisStatusSource(redis, settings);
        var logging = new ErrorLogging(source.Errors, services.GetService<ILogger<RedisStatusSource>>() ?? NullLogger<RedisStatusSource>.Instance);
        Volatile.Write(ref _running, new Running(redis, source, source.MirrorTo(hub), logging));
    }

    public Task StopAsync(CancellationToken cancellationToken) => CloseAsync();

    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _running, null) is { } running)
        {
            running.Mirroring.Dispose();
            running.Source.Dispose();
            await running.Logging.Written.ConfigureAwait(false);
            running.Logging.Dispose();
        }
    }

    /// <summary>What a started service holds.</summary>
    internal sealed record Running(IConnectionMultiplexer Redis, RedisStatusSource Source, IDisposable Mirroring, ErrorLogging Logging);
}
