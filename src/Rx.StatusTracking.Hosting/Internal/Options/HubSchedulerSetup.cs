using System.Reactive.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rx.StatusTracking.Hosting.Internal;

/// <summary>
/// Gives the hub the container's clock before the user's own configuration runs (which may still set another): a
/// registered <see cref="IScheduler"/>, else a registered <see cref="TimeProvider"/> other than the system one (as an
/// <see cref="IScheduler"/> over it), else <see cref="Scheduler.Default"/>, the options' default.
/// </summary>
/// <remarks>
/// <see cref="TimeProvider.System"/> (which health checks and other libraries register) keeps <see cref="Scheduler.Default"/>:
/// the same clock, which the tracker reads faster (the monotonic timestamp) than through an adapter.
/// </remarks>
internal sealed class HubSchedulerSetup(IServiceProvider services) : IConfigureOptions<StatusHubOptions>
{
    public void Configure(StatusHubOptions options)
    {
        if (services.GetService<IScheduler>() is { } scheduler)
        {
            options.Scheduler = scheduler;
        }
        else if (services.GetService<TimeProvider>() is { } time && time != TimeProvider.System)
        {
            options.Scheduler = new TimeProviderScheduler(time);
        }
    }
}
