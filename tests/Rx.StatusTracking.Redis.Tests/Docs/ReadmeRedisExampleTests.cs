using Microsoft.AspNetCore.Builder;
using Rx.StatusTracking.Client.Tests.Docs;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Docs;

[Collection(SharedRedisCollection.Name)]
public sealed class ReadmeRedisExampleTests(SharedRedis redis)
{
    [Fact]
    public void The_READMEs_redis_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeRedisExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Across processes and servers"));
    }

    [RedisFact]
    public async Task The_example_publishes_mirrors_and_resumes()
    {
        using var pipelineHub = new StatusHub();
        using var webHub = new StatusHub();
        await using var app = WebApplication.CreateSlimBuilder().Build();
        var seen = new List<ChatStatus>();
        await using (await ReadmeRedisExample.RunAsync(redis.Server.Endpoint, pipelineHub, webHub, app, lastSeen: 1, seen))
        {
            var turn = pipelineHub.Create("turn-42");
            turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
            turn.Completed(1, ChatStatusMessages.QueryPrepared);
            turn.Complete();

            await RoundTripTests.WaitUntil(() => webHub.TryGet("turn-42", out var mirrored) && mirrored.IsCompleted);
            await RoundTripTests.WaitUntil(() => seen.Count == 1);
            Assert.Equal(2, seen[0].Sequence);
        }
    }
}
