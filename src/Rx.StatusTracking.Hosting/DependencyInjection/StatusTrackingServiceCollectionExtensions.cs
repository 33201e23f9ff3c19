using System.Reactive.Concurrency;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.Hosting.Internal;

namespace Rx.StatusTracking.Hosting;

/// <summary>Registers status tracking in a service collection: the <see cref="StatusHub"/>, its options, its clock and the logging of its errors.</summary>
public static class StatusTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="StatusHub"/> singleton built from <see cref="IOptions{TOptions}"/> of
    /// <see cref="StatusHubOptions"/>, validated when the host starts (<c>ValidateOnStart</c>, with the messages of
    /// <c>new StatusHub(options)</c>), and a hosted service that logs the hub's and its trackers' <c>Errors</c> while the
    /// host runs (category <see cref="StatusHubLoggingOptions.Category"/>; off with <see cref="StatusHubLoggingOptions.LogErrors"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The hub's clock (<see cref="StatusHubOptions.Scheduler"/>) is, unless the options' configuration sets one: a
    /// registered <see cref="IScheduler"/>; else a registered <see cref="TimeProvider"/> (a <c>FakeTimeProvider</c> in
    /// tests), through a scheduler over it; else <see cref="Scheduler.Default"/> (also when the registered provider is
    /// <see cref="TimeProvider.System"/>, the same clock).
    /// </para>
    /// <para>
    /// Calling it (or another overload) again registers nothing twice. The container disposes the hub (evicting its
    /// operations) when it is disposed, after the host stopped.
    /// </para>
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddStatusTracking(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<StatusHubOptions>, HubSchedulerSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StatusHubOptions>, StatusHubOptionsValidator>());
        services.AddOptions<StatusHubOptions>().ValidateOnStart();
        services.AddOptions<StatusHubLoggingOptions>();
        services.TryAddSingleton(static provider => new StatusHub(provider.GetRequiredService<IOptions<StatusHubOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HubErrorLogging>());
        return services;
    }

    /// <summary>
    /// Registers status tracking as <see cref="AddStatusTracking(IServiceCollection)"/> does, with <paramref name="configure"/>
    /// setting the hub's options (after the container's clock is set, so it may set another <see cref="StatusHubOptions.Scheduler"/>).
    /// Calling it again adds another configuration, run after the first.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the hub's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    public static IServiceCollection AddStatusTracking(this IServiceCollection services, Action<StatusHubOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddStatusTracking().Configure(configure);
    }

    /// <summary>
    /// Registers status tracking as <see cref="AddStatusTracking(IServiceCollection)"/> does, with
    /// the hub's options bound from <paramref name="configuration"/> (a section such as <c>"StatusTracking"</c>):
    /// <c>CompletedRetention</c> (a <see cref="TimeSpan"/>, e.g. <c>"00:10:00"</c>), <c>MaxOperations</c>,
    /// <c>MaxOperationIdLength</c>, <c>HistoryLimit</c>, <c>Validation</c> (<c>Lenient</c> or <c>Strict</c>),
    /// <c>MaxRetainedBytes</c> (the memory budget, in bytes), and
    /// <c>LogErrors</c> (<see cref="StatusHubLoggingOptions"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IServiceCollection AddStatusTracking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddStatusTracking().AddOptions<StatusHubOptions>().Bind(configuration);
        services.AddOptions<StatusHubLoggingOptions>().Bind(configuration);
        return services;
    }
}
