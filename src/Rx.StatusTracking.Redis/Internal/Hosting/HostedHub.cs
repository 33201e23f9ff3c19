using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>The app's <see cref="StatusHub"/>, which the hosted publisher publishes and the hosted mirror fills.</summary>
internal static class HostedHub
{
    /// <summary>The hub registered in the service provider.</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="what">What the service does with the hub, for the message (e.g. "AddRedisStatusPublisher publishes its operations").</param>
    /// <exception cref="InvalidOperationException">No hub is registered; the message says how to register one.</exception>
    public static StatusHub Resolve(IServiceProvider services, string what) =>
        services.GetService<StatusHub>() ?? throw new InvalidOperationException(
            $"No StatusHub is registered: {what}. Register one before the host starts: services.AddSingleton(new StatusHub()), " +
            "or services.AddStatusTracking() (package Rx.StatusTracking.Hosting).");
}
