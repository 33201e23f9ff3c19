using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The publisher of <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusPublisher"/>: at start it connects and
/// publishes every operation of the app's hub; at stop it writes what waits until the host's shutdown timeout, gives up the
/// rest and reports it (on the publisher's <c>Errors</c>, written to the log before the stop returns).
/// </summary>
internal sealed class RedisPublisherService(IServiceProvider services, IOptions<RedisPublisherOptions> options, HostedConnections connections)
    : IHostedService, IAsyncDisposable
{
    private Running? _running;

    /// <summary>The connection and the publisher while the service runs (for the health check, and tests).</summary>
    public Running? Current => Volatile.Read(ref _running);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var hub = HostedHub.Resolve(services, "AddRedisStatusPublisher publishes its operations");
        var settings = options.Value;
        var redis = await connections.GetAsync(settings.ConnectionString, cancellationToken).ConfigureAwait(false);
        var publisher = new RedisStatusPublisher(redis, settings);
        var logging = new ErrorLogging(publisher.Errors, services.GetService<ILogger<RedisStatusPublisher>>() ?? NullLogger<RedisStatusPublisher>.Instance);
        Volatile.Write(ref _running, new Running(redis, publisher, publisher.PublishHub(hub), logging));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, null) is { } running)
        {
            await running.CloseAsync(p => p.CloseAsync(Timeout.InfiniteTimeSpan, "stopped by the host", cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the publisher as <see cref="RedisStatusPublisher.DisposeAsync"/> does when the host never stopped it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _running, null) is { } running)
        {
            await running.CloseAsync(p => p.DisposeAsync()).ConfigureAwait(false);
        }
    }

    /// <summary>What a started service holds.</summary>
    internal sealed record Running(IConnectionMultiplexer Redis, RedisStatusPublisher Publisher, IDisposable Publishing, ErrorLogging Logging)
    {
        /// <summary>Stops following the hub, then closes the publisher with <paramref name="close"/> (flush and stop), then waits for the log.</summary>
        public async Task CloseAsync(Func<RedisStatusPublisher, ValueTask> close)
        {
            Publishing.Dispose();
            await close(Publisher).ConfigureAwait(false);
            await Logging.Written.ConfigureAwait(false);
            Logging.Dispose();
        }
    }
}
