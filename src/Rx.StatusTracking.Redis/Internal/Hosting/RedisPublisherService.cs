using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The publisher of <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusPublisher"/>: at start it connects and
/// publishes every operation of the app's hub; at stop it goes on publishing them while it writes what waits, until the
/// host's shutdown timeout, then gives up the rest and reports it (on the publisher's <c>Errors</c>, written to the log before the stop returns).
/// </summary>
internal sealed class RedisPublisherService(IServiceProvider services, IOptions<RedisPublisherOptions> options, HostedConnections connections)
    : HostedTransport<RedisPublisherService.Run>(services, connections)
{
    protected override string HubUse => "AddRedisStatusPublisher publishes its operations";

    protected override string? ConnectionString() => options.Value.ConnectionString;

    protected override Run Start(StatusHub hub, IConnectionMultiplexer redis)
    {
        var publisher = new RedisStatusPublisher(redis, options.Value);
        var logging = new ErrorLogging(publisher.Errors, LoggerOf<RedisStatusPublisher>());
        return new Run(redis, publisher, publisher.PublishHub(hub), logging);
    }

    /// <summary>A running publisher and its following of the hub.</summary>
    internal sealed class Run(IConnectionMultiplexer redis, RedisStatusPublisher publisher, IDisposable publishing, ErrorLogging logging)
        : HostedRun(redis, logging)
    {
        public RedisStatusPublisher Publisher { get; } = publisher;

        // A stop flushes until the host's token gives up; a disposal without a stop, as the publisher's own disposal does.
        protected override async ValueTask CloseAsync(CancellationToken? stopping)
        {
            if (stopping is not { } token)
            {
                publishing.Dispose();
                await Publisher.DisposeAsync().ConfigureAwait(false);
                return;
            }

            // Services stop in reverse registration order: work stopping after this one still reports, so the hub is
            // followed until the flush is done or the host gives up; the close then writes what came meanwhile.
            try
            {
                await Publisher.FlushAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The close below gives up what waits and reports it.
            }

            publishing.Dispose();
            await Publisher.CloseAsync(Timeout.InfiniteTimeSpan, "stopped by the host", token).ConfigureAwait(false);
        }
    }
}
