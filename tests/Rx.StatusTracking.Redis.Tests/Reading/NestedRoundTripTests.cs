using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>Nested steps, waiting for input and a step's progress cross Redis whole, to a reader and to a mirroring hub.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class NestedRoundTripTests(SharedRedis redis)
{
    // An agent run (step 1) with a tool half done (2), a tool that waited for an approval and ran (3), and a nested
    // agent (4) under the first tool with a tool of its own (5).
    private static void AgentRun(ChatStatusTracker tracker)
    {
        tracker.Executing(1, "The planner agent is running.");
        var download = tracker.ReserveStep(1);
        var email = tracker.ReserveStep(1);
        tracker.ReportProgress(download, 0.5, "Downloading the report.");
        tracker.AwaitingInput(email, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        var researcher = tracker.ReserveStep(download);
        tracker.Executing(researcher, "The researcher agent is running.");
        tracker.ReportProgress(tracker.ReserveStep(researcher), 0.25, "Searching the web.");
        tracker.Executing(email, ChatStatusMessages.ExecutingTool("send_email"));
        tracker.AwaitingInput(email, "The send_email tool asks which address to use.");
    }

    [RedisFact]
    public async Task A_reader_observes_the_parents_the_progress_and_the_waiting_state_as_recorded()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("run-1", tracker);

        AgentRun(tracker);
        tracker.Complete();
        var observed = await source.Observe("run-1").ToList().Timeout(Scripts.Bound);

        Assert.Equal(tracker.History, observed);
        Assert.Equal(Scripts.AsJson(tracker.History), Scripts.AsJson(observed));
        Assert.Equal([null, 1, 1, 2, 4, 1, 1], observed.Select(s => s.ParentStep));
        Assert.Equal([null, 0.5, null, null, 0.25, null, null], observed.Select(s => s.Progress));
    }

    [RedisFact]
    public async Task A_mirroring_hub_holds_the_same_tree_counts_and_progress()
    {
        await using var hubs = new MirroredHubs(redis.Connection);
        var webHub = hubs.Web;

        var produced = hubs.Producer.Create("run-1");
        AgentRun(produced);
        await RoundTripTests.WaitUntil(() => webHub.TryGet("run-1", out var t) && t.LastSequence == produced.LastSequence);
        webHub.TryGet("run-1", out var mirrored);

        Assert.Equal(produced.GetSummary().Steps, mirrored!.GetSummary().Steps);
        Assert.Equal([null, 1, 1, 2, 4], mirrored.GetSummary().Steps.Select(s => s.ParentStep));
        Assert.Equal(1, mirrored.GetSummary().AwaitingInputSteps);
        Assert.Equal(produced.GetProgress(), mirrored.GetProgress());
    }
}
