using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

[Collection(SharedRedisCollection.Name)]
public sealed class HubMirrorTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_hub_on_another_server_mirrors_published_operations_with_their_sequences_and_serves_them_on_the_web()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var webHub = new StatusHub();
        using var log = new ReportLog(source.Errors);

        // One operation exists before mirroring starts, one is created after.
        var before = producerHub.Create("before");
        before.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var mirroring = source.MirrorTo(webHub);
        var after = producerHub.Create("after");
        Scripts.ChatTurnWithRetryAndReset(after);
        after.Complete();
        before.Completed(1, ChatStatusMessages.QueryPrepared);

        await RoundTripTests.WaitUntil(() => webHub.TryGet("after", out var t) && t.IsCompleted);
        await RoundTripTests.WaitUntil(() => webHub.TryGet("before", out var t) && t.LastSequence == before.LastSequence);
        webHub.TryGet("after", out var mirroredAfter);
        webHub.TryGet("before", out var mirroredBefore);

        Assert.Equal(Scripts.AsJson(after.History), Scripts.AsJson(mirroredAfter!.History));
        Assert.Equal(after.GetSummary().Steps, mirroredAfter.GetSummary().Steps);
        Assert.Equal(Scripts.AsJson(before.History), Scripts.AsJson(mirroredBefore!.History));
        Assert.False(mirroredBefore.IsCompleted);

        // The web endpoints serve the mirror unchanged, sequences and all.
        await using var server = await StatusServer.StartAsync(webHub);
        var client = server.Client;
        var snapshot = await client.GetFromJsonAsync<JsonElement>("/status/after");
        Assert.Equal(after.History.Select(s => s.Sequence), snapshot.GetProperty("history").EnumerateArray().Select(s => s.GetProperty("sequence").GetInt64()));
        Assert.Equal("Completed", snapshot.GetProperty("state").GetString());
        var events = await client.GetStringAsync("/status/after/events");
        Assert.Contains($"id: {after.LastSequence}\n", events, StringComparison.Ordinal);
        Assert.Contains("event: complete", events, StringComparison.Ordinal);
        source.Dispose();
        Assert.Empty(await log.CompletedAsync());
    }

    [RedisFact]
    public async Task Operations_the_hub_already_holds_are_left_alone_and_a_full_hub_is_reported_once_then_mirrored_when_room_comes()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        producerHub.Create("local").Executing(1, "remote copy");
        producerHub.Create("one").Executing(1, "a");
        producerHub.Create("two").Executing(1, "b");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        using var webHub = new StatusHub(new StatusHubOptions { MaxOperations = 2 });
        var local = webHub.Create("local");
        local.Executing(1, "produced here");
        var time = new VirtualTime();
        var poll = TimeSpan.FromSeconds(5);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = poll, PollInterval = TimeSpan.FromMinutes(1), TimeProvider = time });
        using var log = new ReportLog(source.Errors);
        using var mirroring = source.MirrorTo(webHub);

        await RoundTripTests.WaitUntil(() => webHub.Count == 2 && log.Reports.Length > 0);
        await time.RunPollsAsync(poll, polls: 3); // several more polls: the refusal must not be reported again

        Assert.Equal("produced here", local.Current!.Description);
        var refused = Assert.Single(log.Reports);
        Assert.Equal(RedisStatusErrorKind.MirrorFailed, refused.Kind);
        Assert.IsType<StatusHubFullException>(refused.Exception);

        // Room comes back when the local operation completes: the refused one is mirrored, and not reported again. (The
        // local operation, evicted for it, is then Redis's "local" to mirror: the hub is full again, so that one is refused.)
        var refusedId = webHub.OperationIds.Contains("one", StringComparer.Ordinal) ? "two" : "one";
        local.Complete();
        await RoundTripTests.WaitUntil(() => webHub.TryGet(refusedId, out var mirrored) && mirrored.Current is not null);
        source.Dispose();
        Assert.Single(await log.CompletedAsync(), e => e.OperationId == refusedId);
    }

    [RedisFact]
    public async Task An_operation_a_full_hub_refused_is_mirrored_as_soon_as_one_completes_without_waiting_for_a_poll()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        producerHub.Create("waiting").Executing(1, "queued behind a full hub");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        using var webHub = new StatusHub(new StatusHubOptions { MaxOperations = 1 });
        var local = webHub.Create("local");
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromHours(1) });
        var errors = new List<RedisStatusError>();
        using var watching = source.Errors.Subscribe(e => { lock (errors) { errors.Add(e); } });
        using var mirroring = source.MirrorTo(webHub);
        await RoundTripTests.WaitUntil(() => { lock (errors) { return errors.Count > 0; } });

        local.Complete(); // room: only the hub's event can bring the refused operation in, the next poll is an hour away

        await RoundTripTests.WaitUntil(() => webHub.TryGet("waiting", out var mirrored) && mirrored.Current?.Description == "queued behind a full hub");
    }

    [RedisFact]
    public async Task A_discovery_failure_is_reported_once_and_discovery_goes_on_when_it_clears()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        await database.StringSetAsync(prefix, "not a sorted set"); // the index key holds another type: WRONGTYPE

        using var webHub = new StatusHub();
        var time = new VirtualTime();
        var poll = TimeSpan.FromSeconds(5);
        var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = poll, PollInterval = TimeSpan.FromMinutes(1), TimeProvider = time });
        using var log = new ReportLog(source.Errors);
        var mirroring = source.MirrorTo(webHub);

        await RoundTripTests.WaitUntil(() => log.Reports.Length > 0);
        await time.RunPollsAsync(poll, polls: 3); // several more failing polls: reported once per episode, not per poll
        await database.KeyDeleteAsync(prefix);
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        producerHub.Create("after").Executing(1, "found once the index is back");
        await RoundTripTests.WaitUntil(() => webHub.TryGet("after", out var mirrored) && mirrored.Current is not null);

        mirroring.Dispose(); // never rethrows what discovery met
        source.Dispose();
        var failed = Assert.Single(await log.CompletedAsync());
        Assert.Equal(RedisStatusErrorKind.MirrorFailed, failed.Kind);
        Assert.StartsWith("Finding operations to mirror failed: WRONGTYPE", failed.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_second_process_publishes_while_this_one_consumes_through_a_mirrored_hub()
    {
        var prefix = SharedRedis.NewPrefix();
        using var webHub = new StatusHub();
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var mirroring = source.MirrorTo(webHub);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(TestPublisherPath());
        start.ArgumentList.Add(redis.Server.Endpoint);
        start.ArgumentList.Add("from-another-process");
        start.ArgumentList.Add(prefix);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await error);
        var produced = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        await RoundTripTests.WaitUntil(() => webHub.TryGet("from-another-process", out var t) && t.IsCompleted);
        webHub.TryGet("from-another-process", out var mirrored);
        Assert.Equal(7, produced.Length);
        Assert.Equal(produced, Scripts.AsJson(mirrored!.History));
        Assert.Equal(2, mirrored.GetSummary().Steps.Single(s => s.Step == 2).Attempts);
    }

    // The helper runs from its own build output, where its dependencies are (this project's output has the
    // ASP.NET Core framework instead of some of the packages the helper needs).
    private static string TestPublisherPath()
    {
        const string helper = "Rx.StatusTracking.Redis.TestPublisher";
        var path = Path.Combine(AppContext.BaseDirectory.Replace("Rx.StatusTracking.Redis.Tests", helper, StringComparison.Ordinal), helper + ".dll");
        Assert.True(File.Exists(path), $"The helper is not built at {path} (build the solution first).");
        return path;
    }
}
