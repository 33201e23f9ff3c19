using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis;

/// <summary>Runs the Redis transport as hosted services: a publisher of the app's <see cref="StatusHub"/>, a mirror into it.</summary>
/// <remarks>
/// <para>
/// Both use the <see cref="StatusHub"/> of the service provider (registered by the app, or by <c>AddStatusTracking()</c>) and
/// its <see cref="IConnectionMultiplexer"/> when it has one (never disposed by them); otherwise they connect with the options'
/// <c>ConnectionString</c> once, at start, sharing one connection per string, disposed with the service provider. Their
/// <c>Errors</c> are logged (categories <c>Rx.StatusTracking.Redis.RedisStatusPublisher</c> and
/// <c>Rx.StatusTracking.Redis.RedisStatusSource</c>, event <c>RedisStatusError</c>): information for a conflation or a
/// restored connection, error for a write Redis refused, warning for the rest.
/// </para>
/// <para>
/// The options are validated when the host starts (<c>ValidateOnStart</c>): an option out of its range fails the start with
/// an <see cref="OptionsValidationException"/> carrying the message the publisher's or source's constructor would throw, and
/// so does the want of a connection (no multiplexer registered and no connection string). A missing hub fails the start with
/// an <see cref="InvalidOperationException"/> that says how to register one. Calling a method twice registers one service,
/// with both configurations applied in order. Bind the options from configuration as any options:
/// <c>services.Configure&lt;RedisPublisherOptions&gt;(configuration.GetSection("StatusRedis"))</c>.
/// </para>
/// </remarks>
public static class RedisStatusServiceCollectionExtensions
{
    /// <summary>
    /// Publishes every operation of the app's <see cref="StatusHub"/> to Redis while the host runs (a
    /// <see cref="RedisStatusPublisher"/> following the hub, from host start to host stop), except the operations
    /// <see cref="AddRedisStatusMirror"/> mirrors into it: an app may register both.
    /// </summary>
    /// <remarks>
    /// On stop, the publisher stops following the hub and writes what waits in its outbox until Redis has it or the host's
    /// shutdown timeout (<c>HostOptions.ShutdownTimeout</c>, the stop's cancellation token) ends the wait, whichever comes
    /// first; <see cref="RedisPublisherOptions.DisposeTimeout"/> applies only when the service provider is disposed without a
    /// stop. What it gives up is reported as <see cref="RedisStatusErrorKind.StatusesDropped"/> ("The publisher was stopped
    /// by the host with N items still waiting for Redis; they were given up.") and logged as a warning before the stop
    /// returns.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the publisher's options (its <see cref="RedisPublisherOptions.ConnectionString"/> among them).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddRedisStatusPublisher(this IServiceCollection services, Action<RedisPublisherOptions>? configure = null)
    {
        AddTransport<RedisPublisherOptions, RedisPublisherService>(services, configure);
        return services;
    }

    /// <summary>
    /// Mirrors every operation that publishers wrote to Redis into the app's <see cref="StatusHub"/> while the host runs
    /// (<see cref="RedisStatusSource.MirrorTo"/>, from host start to host stop), so its web endpoints serve them.
    /// </summary>
    /// <remarks>On stop, the mirror stops following Redis; the operations mirrored so far stay in the hub.</remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the source's options (its <see cref="RedisSourceOptions.ConnectionString"/> among them).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddRedisStatusMirror(this IServiceCollection services, Action<RedisSourceOptions>? configure = null)
    {
        AddTransport<RedisSourceOptions, RedisMirrorService>(services, configure);
        return services;
    }

    private static void AddTransport<TOptions, TService>(IServiceCollection services, Action<TOptions>? configure)
        where TOptions : class
        where TService : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IValidateOptions<TOptions>), typeof(RedisOptionsValidation)));
        services.TryAddSingleton<HostedConnections>();
        services.TryAddSingleton<TService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TService>(static provider => provider.GetRequiredService<TService>()));
    }
}
