using System.Net;
using System.Text.Json;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

public sealed class ServerSentEventTests() : HubServerTests(new StatusEndpointOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) })
{
    private Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(string path, string? lastEventId = null) => OpenAsync(Server, path, lastEventId);

    private static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(StatusServer server, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, new SseReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task History_then_live_statuses_then_a_complete_event_and_the_response_ends()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);

        var (response, reader) = await OpenAsync("/status/turn-1/events");
        using (response)
        using (reader)
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var replayed = await reader.ReadEventsAsync(2, timeout.Token);
            tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
            tracker.Failed(2, ChatStatusMessages.ModelFailed("timeout"), new TimeoutException("slow"));
            tracker.Complete();
            var rest = await reader.ReadToEndAsync(timeout.Token);

            var statuses = replayed.Concat(rest.SkipLast(1)).ToList();
            Assert.Equal(tracker.History.Select(s => s.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)), statuses.Select(e => e.Id));
            Assert.Equal(tracker.History.Select(s => s with { Error = s.Error is null ? null : s.Error with { StackTrace = null } }), statuses.Select(e => e.Status));
            Assert.All(statuses, e => Assert.Equal("message", e.Event));
            Assert.Equal(2000, reader.Retry);

            var complete = rest[^1];
            Assert.Equal("complete", complete.Event);
            Assert.Null(complete.Id);
            using var json = JsonDocument.Parse(complete.Data);
            Assert.Equal("Failed", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(4, json.RootElement.GetProperty("lastSequence").GetInt64());
            Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("failedSteps").GetInt32());
        }
    }

    [Fact]
    public async Task A_client_that_reconnects_with_Last_Event_ID_misses_nothing_and_sees_nothing_twice()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        for (var step = 1; step <= 5; step++)
        {
            tracker.Executing(step, ChatStatusMessages.ExecutingTool($"tool_{step}"));
        }

        var received = new List<SseEvent>();
        var (first, firstReader) = await OpenAsync("/status/turn-1/events");
        received.AddRange(await firstReader.ReadEventsAsync(3, timeout.Token));
        firstReader.Dispose();
        first.Dispose();

        // Reported while no client is connected.
        for (var step = 1; step <= 5; step++)
        {
            tracker.Completed(step, ChatStatusMessages.ToolCompleted($"tool_{step}"));
        }

        var (second, secondReader) = await OpenAsync("/status/turn-1/events", lastEventId: received[^1].Id);
        using (second)
        using (secondReader)
        {
            received.AddRange(await secondReader.ReadEventsAsync(4, timeout.Token));
            tracker.Complete();
            received.AddRange((await secondReader.ReadToEndAsync(timeout.Token)).SkipLast(1));
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received.Select(e => e.Status.Sequence));
        Assert.Equal(tracker.History, received.Select(e => e.Status));
    }

    [Fact]
    public async Task After_in_the_query_resumes_the_same_way()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);

        var (response, reader) = await OpenAsync("/status/turn-1/events?after=10");
        using (response)
        using (reader)
        {
            var events = await reader.ReadToEndAsync(timeout.Token);
            Assert.Equal([11L, 12L, 13L, 14L], events.SkipLast(1).Select(e => e.Status.Sequence));
            Assert.Equal("complete", events[^1].Event);
        }
    }

    [Fact]
    public async Task Resuming_at_the_end_of_a_completed_operation_answers_204_so_browsers_stop_reconnecting()
    {
        var tracker = Hub.Create("turn-1");
        Operations.ReportChatTurn(tracker);

        using var response = await Server.Client.GetAsync(new Uri("/status/turn-1/events?after=14", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);

        var (response, reader) = await OpenAsync("/status/turn-1/events");
        using (response)
        using (reader)
        {
            Assert.Equal("1", (await reader.ReadAsync(timeout.Token))!.Id);
            var next = await reader.ReadAsync(timeout.Token);
            Assert.Equal("heartbeat", next!.Comment);
        }
    }

    [Fact]
    public async Task A_resume_point_older_than_the_retained_history_is_announced_as_a_gap()
    {
        using var hub = new StatusHub(new StatusHubOptions { HistoryLimit = 3 });
        await using var server = await StatusServer.StartAsync(hub);
        var tracker = hub.Create("turn-1");
        for (var i = 0; i < 6; i++)
        {
            tracker.Executing(1, ChatStatusMessages.ExecutingTool("search"), data: i);
        }

        tracker.Complete();

        var events = await ReadAllAsync(server, "/status/turn-1/events?after=1");

        Assert.Equal("gap", events[0].Event);
        Assert.Equal("""{"after":1,"resumedAt":4}""", events[0].Data);
        Assert.Equal([4L, 5L, 6L], events.Skip(1).SkipLast(1).Select(e => e.Status.Sequence));
    }

    [Fact]
    public async Task A_resume_across_statuses_a_memory_budget_shed_is_announced_as_a_gap_where_each_is_missing()
    {
        using var hub = new StatusHub(new StatusHubOptions { MaxRetainedBytes = StatusHubOptions.MinRetainedBytes });
        await using var server = await StatusServer.StartAsync(hub);
        using var other = new StatusHub(new StatusHubOptions { MaxRetainedBytes = StatusHubOptions.MinRetainedBytes });
        await using var otherServer = await StatusServer.StartAsync(other);
        var big = new string('x', 100_000);

        // Over the budget with nothing completed: the running history keeps each step's latest and every ending (#3, #4, #6).
        var running = hub.Create("running");
        running.Executing(1, "first try", big);
        running.Executing(1, "first try, further", big);
        running.Failed(1, "first try failed", big);
        running.Executing(2, "another step", "small");
        running.Executing(1, "second try", big);
        running.Executing(1, "second try, nearly there", big);
        running.Complete();

        // On another hub, a completed operation's history is shed whole when the next one pushes the hub over.
        var shed = other.Create("shed");
        shed.Executing(1, "runs", big);
        shed.Completed(1, "done", big);
        shed.Complete();
        var next = other.Create("next");
        for (var step = 1; step <= 4; step++)
        {
            next.Executing(step, "runs", big);
        }

        var cut = await ReadAllAsync(server, "/status/running/events?after=1");
        var gone = await ReadAllAsync(otherServer, "/status/shed/events?after=1");

        Assert.Equal([3L, 4L, 6L], running.History.Select(s => s.Sequence));
        Assert.Equal(
            ["gap {\"after\":1,\"resumedAt\":3}", "3", "4", "gap {\"after\":4,\"resumedAt\":6}", "6", "complete"],
            cut.Select(e => e.Event switch { "gap" => $"gap {e.Data}", "complete" => "complete", _ => e.Id! }));
        Assert.Empty(shed.History);
        Assert.Equal(["gap {\"after\":1,\"resumedAt\":3}", "complete"], gone.Select(e => e.Event == "gap" ? $"gap {e.Data}" : e.Event!));
    }

    [Fact]
    public async Task An_operation_evicted_while_a_client_follows_it_ends_the_stream_with_the_complete_event()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);

        var (response, reader) = await OpenAsync("/status/turn-1/events");
        using (response)
        using (reader)
        {
            Assert.Equal("1", (await reader.ReadEventsAsync(1, timeout.Token))[0].Id);
            Hub.Dispose();
            var rest = await reader.ReadToEndAsync(timeout.Token);

            Assert.Equal("complete", Assert.Single(rest).Event);
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task A_malformed_resume_point_is_400(string lastEventId)
    {
        Hub.Create("turn-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/status/turn-1/events", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Events_of_an_unknown_operation_are_404()
    {
        using var response = await Server.Client.GetAsync(new Uri("/status/none/events", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<List<SseEvent>> ReadAllAsync(StatusServer server, string path)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var (response, reader) = await OpenAsync(server, path);
        using (response)
        using (reader)
        {
            return await reader.ReadToEndAsync(timeout.Token);
        }
    }
}
