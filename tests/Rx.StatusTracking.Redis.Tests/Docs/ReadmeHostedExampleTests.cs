using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Client.Tests.Docs;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Docs;

[Collection(SharedRedisCollection.Name)]
public sealed class ReadmeHostedExampleTests(SharedRedis redis)
{
    [Fact]
    public void The_READMEs_hosted_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeHostedExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Across processes and servers", "run them as hosted services:\n"));
    }

    [RedisFact]
    public async Task Two_servers_configured_as_the_example_shows_see_each_others_operations_and_are_healthy()
    {
        using var first = Build();
        using var second = Build();
        await first.StartAsync();
        await second.StartAsync();

        var id = $"turn-{Guid.NewGuid():N}";
        var turn = first.Services.GetRequiredService<StatusHub>().Create(id);
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        turn.Completed(1, ChatStatusMessages.QueryPrepared);
        turn.Complete();
        var otherHub = second.Services.GetRequiredService<StatusHub>();
        await RoundTripTests.WaitUntil(() => otherHub.TryGet(id, out var mirrored) && mirrored.IsCompleted);
        otherHub.TryGet(id, out var mirroredTurn);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirroredTurn!.History));

        foreach (var host in new[] { first, second })
        {
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Healthy, report.Entries[RedisStatusHealthChecksBuilderExtensions.DefaultName].Status);
            await host.StopAsync();
        }
    }

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:redis"] = redis.Server.Endpoint;
        ReadmeHostedExample.Configure(builder);
        return builder.Build();
    }
}
