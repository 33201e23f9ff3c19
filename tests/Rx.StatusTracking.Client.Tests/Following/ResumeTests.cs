using System.Collections.Concurrent;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client.Tests.Support;

namespace Rx.StatusTracking.Client.Tests.Following;

public class ResumeTests
{
    private static StatusStreamClientOptions FastReconnects(ConcurrentQueue<StatusStreamNotice> notices)
    {
        var options = ClientServer.FastReconnects();
        options.OnNotice = notices.Enqueue;
        return options;
    }

    [Theory]
    [InlineData(CutKind.EndResponse)]
    [InlineData(CutKind.BreakConnection)]
    public async Task A_stream_cut_in_the_middle_of_an_event_resumes_after_the_last_whole_one(CutKind cut)
    {
        // 30 statuses in history; every response is cut after 7 events and the start of the 8th.
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { CutAfterEvents = 7, Cut = cut });
        var tracker = web.Hub.Create("turn-1");
        for (var step = 1; step <= 15; step++)
        {
            tracker.Executing(step, ChatStatusMessages.ExecutingTool($"tool_{step}"));
            tracker.Completed(step, ChatStatusMessages.ToolCompleted($"tool_{step}"));
        }

        tracker.Complete();
        var notices = new ConcurrentQueue<StatusStreamNotice>();

        var seen = await ClientServer.ReadAllAsync(web.Client(FastReconnects(notices)).FollowAsync("turn-1"));

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), seen.Select(s => s.Sequence));
        Assert.Equal(tracker.History.Select(s => s.Description), seen.Select(s => s.Description));
        Assert.Equal([null, "7", "14", "21", "28"], web.Faults.Requests.Select(r => r.LastEventId));
        Assert.Equal([7L, 14, 21, 28], notices.Select(n => n.LastSequence));
        Assert.All(notices, n => Assert.Equal((StatusStreamNoticeKind.Reconnecting, 1), (n.Kind, n.Attempt)));
        Assert.All(notices, n => Assert.Contains(cut == CutKind.BreakConnection ? "broke (The connection was reset (by the test).)" : "ended before the operation completed", n.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Live_statuses_reported_while_the_connection_keeps_dropping_arrive_exactly_once_with_no_gap()
    {
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { CutAfterEvents = 5, Cut = CutKind.BreakConnection });
        var tracker = web.Hub.Create("turn-1");
        var notices = new ConcurrentQueue<StatusStreamNotice>();
        var following = ClientServer.ReadAllAsync(web.Client(FastReconnects(notices)).FollowAsync("turn-1"));

        // Reported from another thread while the client reads, reconnects and resumes.
        await Task.Run(async () =>
        {
            for (var step = 1; step <= 100; step++)
            {
                tracker.Executing(step, ChatStatusMessages.ExecutingTool($"tool_{step}"));
                tracker.Completed(step, ChatStatusMessages.ToolCompleted($"tool_{step}"));
                await Task.Yield();
            }

            tracker.Complete();
        });
        var seen = await following;

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seen.Select(s => s.Sequence));
        Assert.Equal(tracker.History.Select(s => s.Description), seen.Select(s => s.Description));
        Assert.True(notices.Count >= 200 / 6, $"the stream was cut {notices.Count} times");
        Assert.All(notices, n => Assert.Equal(StatusStreamNoticeKind.Reconnecting, n.Kind));
    }

    [Fact]
    public async Task When_a_proxy_drops_Last_Event_ID_the_replayed_statuses_are_not_delivered_twice()
    {
        await using var web = await ClientServer.StartAsync(new EventStreamFaults { CutAfterEvents = 4, CutResponses = 1, ForgetResumePoint = true });
        var tracker = web.Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker, complete: false);
        var following = ClientServer.ReadAllAsync(web.Client().FollowAsync("turn-1"));

        // The first response is cut after 4 events; the second, asked to resume after 4 but shown no Last-Event-ID,
        // replays everything from the start.
        tracker.Complete();
        var seen = await following;

        Assert.Equal(Enumerable.Range(1, 14).Select(i => (long)i), seen.Select(s => s.Sequence));
        Assert.Equal([null, "4"], web.Faults.Requests.Select(r => r.LastEventId));
    }

    [Fact]
    public async Task A_gap_the_server_announces_is_reported_before_the_statuses_after_it()
    {
        await using var web = await ClientServer.StartAsync(hubOptions: new StatusHubOptions { HistoryLimit = 5 });
        var tracker = web.Hub.Create("turn-1");
        for (var step = 1; step <= 10; step++)
        {
            tracker.Executing(step, ChatStatusMessages.ExecutingTool($"tool_{step}"));
        }

        tracker.Complete();
        var events = new List<string>();
        var options = ClientServer.FastReconnects();
        options.OnNotice = n => events.Add($"{n.Kind} {n.LastSequence} {n.ResumedAt}");

        await foreach (var status in web.Client(options).FollowAsync("turn-1", afterSequence: 2))
        {
            events.Add($"#{status.Sequence}");
        }

        Assert.Equal(["Gap 2 6", "#6", "#7", "#8", "#9", "#10"], events);
    }

    [Fact]
    public async Task A_gap_notice_may_stop_the_follow_by_throwing()
    {
        await using var web = await ClientServer.StartAsync(hubOptions: new StatusHubOptions { HistoryLimit = 2 });
        var tracker = web.Hub.Create("turn-1");
        for (var step = 1; step <= 5; step++)
        {
            tracker.Executing(step, ChatStatusMessages.ExecutingTool($"tool_{step}"));
        }

        var options = ClientServer.FastReconnects();
        options.OnNotice = n => throw new InvalidOperationException($"lost statuses before {n.ResumedAt}");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ClientServer.ReadAllAsync(web.Client(options).FollowAsync("turn-1", afterSequence: 1)));

        Assert.Equal("lost statuses before 4", error.Message);
    }
}
