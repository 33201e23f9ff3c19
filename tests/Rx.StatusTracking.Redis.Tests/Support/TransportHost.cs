using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// A real generic host (<see cref="Host.CreateApplicationBuilder()"/>) with the app's <see cref="StatusHub"/> registered and
/// every log entry captured, and reads of what the hosted transport holds.
/// </summary>
public static class TransportHost
{
    /// <summary>The category the hosted publisher logs its reports under.</summary>
    public const string PublisherCategory = "Rx.StatusTracking.Redis.RedisStatusPublisher";

    internal static HostApplicationBuilder Builder(StatusHub? hub, CapturingLoggerProvider logs)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        if (hub is not null)
        {
            builder.Services.AddSingleton(hub);
        }

        return builder;
    }

    /// <summary>The running hosted publisher.</summary>
    public static RedisStatusPublisher Publisher(IHost host) =>
        host.Services.GetRequiredService<RedisPublisherService>().Current?.Publisher ?? throw new InvalidOperationException("The hosted publisher is not running.");

    /// <summary>The connection the running hosted publisher writes with.</summary>
    public static IConnectionMultiplexer PublisherConnection(IHost host) =>
        host.Services.GetRequiredService<RedisPublisherService>().Current?.Redis ?? throw new InvalidOperationException("The hosted publisher is not running.");

    /// <summary>What an operation's stream holds, read with XRANGE (whether or not the operation completed).</summary>
    public static async Task<string[]> StreamAsync(IConnectionMultiplexer redis, string prefix, string operationId)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync($"{prefix}:{operationId}");
        return [.. entries.Where(e => !e["status"].IsNull).Select(e => StatusJson.Serialize(StatusJson.Deserialize(e["status"].ToString())))];
    }
}
