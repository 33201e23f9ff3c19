// README:usings
using Rx.StatusTracking;
using Rx.StatusTracking.Redis;
// README:end

// A web project (Sdk.Web) has these implicitly.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Rx.StatusTracking.Redis.Tests.Docs;

/// <summary>The README's hosted Redis example, compiled; <see cref="ReadmeHostedExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeHostedExample
{
    public static void Configure(IHostApplicationBuilder builder)
    {
        // README:begin
        builder.Services.AddSingleton(new StatusHub());
        var redis = builder.Configuration.GetConnectionString("redis"); // or register an IConnectionMultiplexer

        // In the process that runs the chat pipeline: publishes every operation of the hub from host start to stop.
        builder.Services.AddRedisStatusPublisher(o => o.ConnectionString = redis);

        // On every web server: the hub fills itself from Redis. A server may do both: the publisher leaves out the
        // operations the mirror brought in, so none is written back to Redis.
        builder.Services.AddRedisStatusMirror(o => o.ConnectionString = redis);

        // Unhealthy while Redis is unreachable or the publisher cannot write, Degraded while its outbox is backing up.
        builder.Services.AddHealthChecks().AddRedisStatusTransport();
        // README:end
    }
}
