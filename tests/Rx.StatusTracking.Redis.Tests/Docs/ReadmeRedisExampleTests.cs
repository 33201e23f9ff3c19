using Microsoft.AspNetCore.Builder;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Docs;

[Collection(SharedRedisCollection.Name)]
public sealed class ReadmeRedisExampleTests(SharedRedis redis)
{
    [Fact]
    public void The_READMEs_redis_example_is_the_compiled_one()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).Replace("\r", "", StringComparison.Ordinal);
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeRedisExample.cs.txt")).Replace("\r", "", StringComparison.Ordinal);
        var usings = source.Split("// README:usings\n")[1].Split("// README:end")[0];
        var body = source.Split("// README:begin\n")[1].Split("        // README:end")[0]
            .Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart());
        var shown = readme.Split("## Across processes and servers")[1].Split("```csharp\n")[1].Split("```")[0];

        Assert.Equal(usings + "\n" + string.Join('\n', body), shown);
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
