using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Hosting;

/// <summary>What fails a host's start, and how it says so. None of these reach Redis.</summary>
public sealed class HostingValidationTests
{
    private const string Unreachable = "127.0.0.1:1";

    private static async Task<TException> StartFailsAsync<TException>(StatusHub? hub, Action<IServiceCollection> configure)
        where TException : Exception
    {
        var builder = TransportHost.Builder(hub, new CapturingLoggerProvider());
        configure(builder.Services);
        using var host = builder.Build();
        return await Assert.ThrowsAsync<TException>(() => host.StartAsync());
    }

    private static string MessageOf(Action validate) => Assert.ThrowsAny<ArgumentException>(validate).Message;

    [Fact]
    public async Task Without_a_hub_the_start_fails_saying_how_to_register_one()
    {
        var publisher = await StartFailsAsync<InvalidOperationException>(hub: null, s => s.AddRedisStatusPublisher(o => o.ConnectionString = Unreachable));
        Assert.Equal(
            "No StatusHub is registered: AddRedisStatusPublisher publishes its operations. Register one before the host starts: " +
            "services.AddSingleton(new StatusHub()), or services.AddStatusTracking() (package Rx.StatusTracking.Hosting).",
            publisher.Message);

        var mirror = await StartFailsAsync<InvalidOperationException>(hub: null, s => s.AddRedisStatusMirror(o => o.ConnectionString = Unreachable));
        Assert.Equal(
            "No StatusHub is registered: AddRedisStatusMirror fills it with the operations in Redis. Register one before the host starts: " +
            "services.AddSingleton(new StatusHub()), or services.AddStatusTracking() (package Rx.StatusTracking.Hosting).",
            mirror.Message);
    }

    [Fact]
    public async Task Options_out_of_range_fail_the_start_with_the_messages_of_the_options_own_validation()
    {
        using var hub = new StatusHub();
        var publisher = await StartFailsAsync<OptionsValidationException>(hub, s => s.AddRedisStatusPublisher(o => (o.ConnectionString, o.MaxOutbox) = (Unreachable, 0)));
        Assert.Equal([MessageOf(() => new RedisPublisherOptions { MaxOutbox = 0 }.Validate())], publisher.Failures);
        Assert.Equal(typeof(RedisPublisherOptions), publisher.OptionsType);

        var mirror = await StartFailsAsync<OptionsValidationException>(hub, s => s.AddRedisStatusMirror(o => (o.ConnectionString, o.PollInterval) = (Unreachable, TimeSpan.Zero)));
        Assert.Equal([MessageOf(() => new RedisSourceOptions { PollInterval = TimeSpan.Zero }.Validate())], mirror.Failures);
        Assert.StartsWith("PollInterval ('00:00:00') must be greater than '00:00:00'.", mirror.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_stack_exchange_redis_cannot_parse_fails_the_start_naming_the_option()
    {
        using var hub = new StatusHub();
        var failure = await StartFailsAsync<OptionsValidationException>(hub, s => s.AddRedisStatusPublisher(o => o.ConnectionString = "127.0.0.1:6379,nonsense=1"));

        var message = Assert.Single(failure.Failures);
        Assert.Equal(MessageOf(() => new RedisPublisherOptions { ConnectionString = "127.0.0.1:6379,nonsense=1" }.Validate()), message);
        Assert.StartsWith("RedisPublisherOptions.ConnectionString is not a StackExchange.Redis configuration string: Keyword 'nonsense' is not supported.", message, StringComparison.Ordinal);
        Assert.EndsWith("(Parameter 'ConnectionString')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_multiplexer_or_a_connection_string_the_start_fails_saying_what_to_give()
    {
        using var hub = new StatusHub();
        var failure = await StartFailsAsync<OptionsValidationException>(hub, s => s.AddRedisStatusMirror());

        Assert.Equal(
            ["No Redis connection: register an IConnectionMultiplexer in the service collection, or set ConnectionString in the options of AddRedisStatusPublisher or AddRedisStatusMirror."],
            failure.Failures);
    }

    [Fact]
    public void The_options_bind_from_configuration_as_any_options()
    {
        var builder = TransportHost.Builder(hub: null, new CapturingLoggerProvider());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StatusRedis:ConnectionString"] = "redis0:6379,password=secret",
            ["StatusRedis:KeyPrefix"] = "app",
            ["StatusRedis:MaxOutbox"] = "500",
            ["StatusRedis:DisposeTimeout"] = "00:00:02",
            ["StatusRedis:CompressAbove"] = "8192",
            ["StatusRedis:Compression"] = "GZip",
        });
        builder.Services.AddRedisStatusPublisher(o => o.MaxBatchSize = 64);
        builder.Services.Configure<RedisPublisherOptions>(builder.Configuration.GetSection("StatusRedis"));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<RedisPublisherOptions>>().Value;
        Assert.Equal(
            ("redis0:6379,password=secret", "app", 500, TimeSpan.FromSeconds(2), 64, TimeProvider.System),
            (options.ConnectionString, options.KeyPrefix, options.MaxOutbox, options.DisposeTimeout, options.MaxBatchSize, options.TimeProvider));
        Assert.Equal((8192, RedisCompression.GZip), (options.CompressAbove, options.Compression));
    }

    [Fact]
    public void Compression_is_turned_off_from_configuration_with_an_empty_threshold()
    {
        var builder = TransportHost.Builder(hub: null, new CapturingLoggerProvider());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["StatusRedis:ConnectionString"] = "redis0:6379", ["StatusRedis:CompressAbove"] = "" });
        builder.Services.AddRedisStatusPublisher();
        builder.Services.Configure<RedisPublisherOptions>(builder.Configuration.GetSection("StatusRedis"));
        using var host = builder.Build();

        Assert.Null(host.Services.GetRequiredService<IOptions<RedisPublisherOptions>>().Value.CompressAbove);
    }

    [Fact]
    public async Task The_health_check_without_a_transport_registered_says_what_to_add()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddRedisStatusTransport(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["redis-status"];
        Assert.Equal(
            (HealthStatus.Degraded, "There is no Redis status transport to check: call services.AddRedisStatusPublisher() or services.AddRedisStatusMirror()."),
            (entry.Status, entry.Description));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddRedisStatusTransport(degradedOutboxCount: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddRedisStatusTransport(degradedAfterRefusal: TimeSpan.FromTicks(-1)));
    }
}
