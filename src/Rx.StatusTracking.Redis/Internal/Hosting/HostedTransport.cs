using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// A hosted publisher or mirror: at start it finds the app's hub and its connection and starts a run; at stop (or at the
/// service provider's disposal, without a stop) it ends it.
/// </summary>
/// <param name="services">The app's services (the hub, the loggers).</param>
/// <param name="connections">Where the connection comes from.</param>
internal abstract class HostedTransport<TRun>(IServiceProvider services, HostedConnections connections) : IHostedService, IAsyncDisposable
    where TRun : HostedRun
{
    private TRun? _run;

    /// <summary>The run while the service runs (for the health check, and tests).</summary>
    public TRun? Current => Volatile.Read(ref _run);

    /// <summary>What the service does with the hub, for the message when there is none.</summary>
    protected abstract string HubUse { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var hub = HostedHub.Resolve(services, HubUse);
        var redis = await connections.GetAsync(ConnectionString(), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _run, Start(hub, redis));
    }

    public Task StopAsync(CancellationToken cancellationToken) => EndAsync(cancellationToken);

    public ValueTask DisposeAsync() => new(EndAsync(stopping: null));

    /// <summary>The options' connection string (validated at start), used when the provider has no multiplexer.</summary>
    protected abstract string? ConnectionString();

    /// <summary>Starts following: the publisher or source on <paramref name="redis"/>, its reports logged.</summary>
    protected abstract TRun Start(StatusHub hub, IConnectionMultiplexer redis);

    /// <summary>The app's logger of <typeparamref name="TCategory"/>, or none when the app has no logging.</summary>
    protected ILogger LoggerOf<TCategory>() => services.GetService<ILogger<TCategory>>() ?? NullLogger<TCategory>.Instance;

    private Task EndAsync(CancellationToken? stopping) =>
        Interlocked.Exchange(ref _run, null) is { } run ? run.EndAsync(stopping) : Task.CompletedTask;
}
