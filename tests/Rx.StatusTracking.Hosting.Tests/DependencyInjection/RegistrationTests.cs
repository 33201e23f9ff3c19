using System.Reactive.Concurrency;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.Hosting.Tests.Support;

namespace Rx.StatusTracking.Hosting.Tests.DependencyInjection;

public class RegistrationTests
{
    [Fact]
    public async Task The_endpoints_serve_the_hub_the_container_gives_to_everyone_else()
    {
        var builder = Hosts.Web();
        builder.Services.AddStatusTracking();
        await using var app = builder.Build();
        app.MapStatusEndpoints();
        using var client = await Hosts.StartAsync(app);
        var hub = app.Services.GetRequiredService<StatusHub>();
        Assert.Same(hub, app.Services.GetRequiredService<StatusHub>());

        hub.Create("turn-1").Executing(1, "Thinking.");
        using var list = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status", UriKind.Relative)));
        using var snapshot = JsonDocument.Parse(await client.GetStringAsync(new Uri("/status/turn-1", UriKind.Relative)));

        Assert.Equal(["turn-1"], list.RootElement.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal("Thinking.", snapshot.RootElement.GetProperty("current").GetProperty("description").GetString());
        await app.StopAsync();
    }

    [Fact]
    public async Task Calling_it_again_registers_nothing_twice_and_runs_every_configuration()
    {
        var builder = Hosts.Generic();
        builder.Services.AddStatusTracking(o => o.MaxOperations = 3);
        builder.Services.AddStatusTracking(o => o.HistoryLimit = 4);
        builder.Services.AddStatusTracking();
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(StatusHub));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IValidateOptions<StatusHubOptions>));
        Assert.Single(host.Services.GetServices<IHostedService>(), s => s.GetType().Namespace == "Rx.StatusTracking.Hosting.Internal");
        var options = host.Services.GetRequiredService<IOptions<StatusHubOptions>>().Value;
        Assert.Equal((3, 4), (options.MaxOperations, options.HistoryLimit));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_container_disposes_the_hub()
    {
        var builder = Hosts.Generic();
        builder.Services.AddStatusTracking();
        StatusHub hub;
        ChatStatusTracker tracker;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            hub = host.Services.GetRequiredService<StatusHub>();
            tracker = hub.Create("op");
            await host.StopAsync();
        }

        Assert.Throws<ObjectDisposedException>(() => hub.Create("later"));
        Assert.True(tracker.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_registered_TimeProvider_is_the_hubs_clock_for_timestamps_and_eviction()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var builder = Hosts.Generic();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddStatusTracking(o => o.CompletedRetention = TimeSpan.FromMinutes(1));
        using var host = builder.Build();
        await host.StartAsync();
        var hub = host.Services.GetRequiredService<StatusHub>();

        var tracker = hub.Create("op");
        time.Advance(TimeSpan.FromSeconds(3));
        var status = tracker.Executing(1, "Working.");
        tracker.Complete();
        time.Advance(TimeSpan.FromSeconds(59));
        var held = hub.TryGet("op", out _);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 8, TimeSpan.Zero), status.Timestamp);
        Assert.Equal(time.GetUtcNow(), hub.Scheduler.Now);
        Assert.True(held);
        Assert.False(hub.TryGet("op", out _));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_registered_scheduler_comes_before_a_TimeProvider_and_the_options_action_before_both()
    {
        var historical = new HistoricalScheduler(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var other = new HistoricalScheduler();
        Assert.Same(historical, await HubSchedulerAsync(s => s.AddSingleton<IScheduler>(historical).AddSingleton<TimeProvider>(new FakeTimeProvider()).AddStatusTracking()));
        Assert.Same(other, await HubSchedulerAsync(s => s.AddSingleton<IScheduler>(historical).AddStatusTracking(o => o.Scheduler = other)));
    }

    [Fact]
    public async Task Without_a_clock_registered_or_with_the_system_TimeProvider_the_hub_reads_the_default_scheduler()
    {
        Assert.Same(Scheduler.Default, await HubSchedulerAsync(s => s.AddStatusTracking()));
        Assert.Same(Scheduler.Default, await HubSchedulerAsync(s => s.AddSingleton(TimeProvider.System).AddStatusTracking()));
    }

    private static async Task<IScheduler> HubSchedulerAsync(Action<IServiceCollection> register)
    {
        var builder = Hosts.Generic();
        register(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        var scheduler = host.Services.GetRequiredService<StatusHub>().Scheduler;
        await host.StopAsync();
        return scheduler;
    }
}
