using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client.Tests.Support;

namespace Rx.StatusTracking.Client.Tests.Following;

public class FollowTests
{
    private static (int Step, StatusState State, string Description, long Sequence) Key(ChatStatus s) => (s.Step, s.State, s.Description, s.Sequence);

    [Fact]
    public async Task A_follow_yields_the_history_then_live_statuses_with_their_data_and_errors_and_ends_when_the_operation_completes()
    {
        await using var web = await ClientServer.StartAsync();
        var tracker = web.Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery, data: new { Query = "weather" });
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        await using var statuses = web.Client().FollowAsync("turn-1").GetAsyncEnumerator();

        Assert.True(await statuses.MoveNextAsync());
        Assert.Equal((1, StatusState.Executing, ChatStatusMessages.AnalyzingQuery, 1L), Key(statuses.Current));
        Assert.Equal("weather", ((System.Text.Json.JsonElement)statuses.Current.Data!).GetProperty("query").GetString());
        Assert.True(await statuses.MoveNextAsync());
        Assert.Equal(2, statuses.Current.Sequence);

        // Live from here: each status is recorded while the client waits for it.
        var next = statuses.MoveNextAsync();
        var failed = Operations.ThrowAndReport(tracker, 2, "web_search");
        Assert.True(await next);
        Assert.Equal(Key(failed), Key(statuses.Current));
        Assert.Equal(failed.Timestamp, statuses.Current.Timestamp);
        Assert.Equal("System.InvalidOperationException", statuses.Current.Error!.Type);
        Assert.Null(statuses.Current.Error.StackTrace); // the endpoints keep stack traces to themselves by default

        next = statuses.MoveNextAsync();
        tracker.Complete();
        Assert.False(await next);
    }

    [Fact]
    public async Task A_whole_chat_turn_arrives_exactly_once_in_order()
    {
        await using var web = await ClientServer.StartAsync();
        var tracker = web.Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker, complete: false);
        var following = ClientServer.ReadAllAsync(web.Client().FollowAsync("turn-1"));
        tracker.Executing(7, ChatStatusMessages.WebSearchStart);
        tracker.Completed(7, ChatStatusMessages.WebSearchComplete);
        tracker.Complete();

        var seen = await following;

        Assert.Equal(tracker.History.Select(Key), seen.Select(Key));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), seen.Select(s => s.Sequence));
    }

    [Fact]
    public async Task Following_after_a_sequence_starts_after_it_and_after_the_end_of_a_completed_operation_yields_nothing()
    {
        await using var web = await ClientServer.StartAsync();
        var tracker = web.Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);
        var client = web.Client();

        var rest = await ClientServer.ReadAllAsync(client.FollowAsync("turn-1", afterSequence: 10));
        var none = await ClientServer.ReadAllAsync(client.FollowAsync("turn-1", afterSequence: tracker.LastSequence));

        Assert.Equal([11L, 12, 13, 14], rest.Select(s => s.Sequence));
        Assert.Empty(none);
        Assert.Equal(["10", "14"], web.Faults.Requests.Select(r => r.LastEventId));
    }

    [Fact]
    public async Task A_reset_marker_arrives_as_a_status_in_sequence()
    {
        await using var web = await ClientServer.StartAsync();
        var tracker = web.Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        await using var statuses = web.Client().FollowAsync("turn-1").GetAsyncEnumerator();
        Assert.True(await statuses.MoveNextAsync());
        var seen = new List<ChatStatus> { statuses.Current };

        // A reset clears the history: only a client that was following sees what came before it.
        var next = statuses.MoveNextAsync();
        tracker.Reset();
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Complete();
        while (await next)
        {
            seen.Add(statuses.Current);
            next = statuses.MoveNextAsync();
        }

        Assert.Equal([(1L, false), (2L, true), (3L, false)], seen.Select(s => (s.Sequence, s.IsReset)));
    }

    [Fact]
    public async Task Cancelling_stops_the_enumeration_and_closes_the_connection()
    {
        await using var web = await ClientServer.StartAsync();
        var tracker = web.Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var stop = new CancellationTokenSource();
        await using var statuses = web.Client().FollowAsync("turn-1", cancellationToken: stop.Token).GetAsyncEnumerator();
        Assert.True(await statuses.MoveNextAsync());

        var waiting = statuses.MoveNextAsync().AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(ClientServer.Bound));
        Assert.True(await web.Faults.Ended.WaitAsync(ClientServer.Bound), "the server saw the client leave");
        Assert.Equal(1, tracker.LastSequence);
    }

    [Fact]
    public async Task Observe_delivers_the_statuses_then_completes_and_a_dispose_closes_the_connection()
    {
        await using var web = await ClientServer.StartAsync();
        var done = web.Hub.Create("done");
        Operations.ReportChatTurn(done);
        var running = web.Hub.Create("running");
        running.Executing(1, ChatStatusMessages.AnalyzingQuery);
        var client = web.Client();

        var all = await client.Observe("done").ToList().ToTask().WaitAsync(ClientServer.Bound);
        var first = new TaskCompletionSource<ChatStatus>();
        var subscription = client.Observe("running").Subscribe(s => first.TrySetResult(s));
        var seen = await first.Task.WaitAsync(ClientServer.Bound);
        subscription.Dispose();

        Assert.Equal(done.History.Select(Key), all.Select(Key));
        Assert.Equal(1, seen.Sequence);
        Assert.True(await web.Faults.Ended.WaitAsync(ClientServer.Bound));
        Assert.True(await web.Faults.Ended.WaitAsync(ClientServer.Bound), "both streams ended at the server");
    }

    [Fact]
    public async Task Each_enumeration_follows_anew()
    {
        await using var web = await ClientServer.StartAsync();
        Operations.ReportChatTurn(web.Hub.Create("turn-1"));
        var statuses = web.Client().FollowAsync("turn-1");

        var once = await ClientServer.ReadAllAsync(statuses);
        var twice = await ClientServer.ReadAllAsync(statuses);

        Assert.Equal(14, once.Count);
        Assert.Equal(once.Select(Key), twice.Select(Key));
    }

    [Fact]
    public async Task The_client_keeps_the_options_it_was_created_with()
    {
        await using var web = await ClientServer.StartAsync();
        Operations.ReportChatTurn(web.Hub.Create("turn-1"));
        var options = ClientServer.FastReconnects();
        var client = web.Client(options);

        options.Prefix = "/elsewhere";
        var seen = await ClientServer.ReadAllAsync(client.FollowAsync("turn-1"));

        Assert.Equal(14, seen.Count);
    }
}
