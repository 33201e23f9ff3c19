using System.Net.WebSockets;
using System.Text.Json;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

/// <summary>Nested steps, waiting for input and a step's progress reach browsers through the streams and the snapshot.</summary>
public sealed class NestedStatusStreamTests : HubServerTests
{
    // An agent run (step 1) with a tool half done (2) and a tool waiting for an approval (3).
    private static ChatStatusTracker AgentRun(StatusHub hub)
    {
        var tracker = hub.Create("run-1");
        tracker.Executing(1, "The planner agent is running.");
        tracker.ReportProgress(tracker.ReserveStep(1), 0.5, "Downloading the report.");
        tracker.AwaitingInput(tracker.ReserveStep(1), ChatStatusMessages.ToolAwaitingApproval("send_email"));
        return tracker;
    }

    [Fact]
    public async Task Server_sent_events_carry_the_parent_the_progress_and_the_waiting_state_and_the_summary_counts_them()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = AgentRun(Hub);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/status/run-1/events", UriKind.Relative));
        using var response = await Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var events = await reader.ReadEventsAsync(3, timeout.Token);
        tracker.Complete();
        var complete = (await reader.ReadToEndAsync(timeout.Token))[^1];

        Assert.Equal(tracker.History, events.Select(e => e.Status));
        Assert.Contains("\"step\":2,\"parentStep\":1,", events[1].Data, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Executing\",\"progress\":0.5,", events[1].Data, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"AwaitingInput\"", events[2].Data, StringComparison.Ordinal);
        Assert.DoesNotContain("parentStep", events[0].Data, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(complete.Data);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("awaitingInputSteps").GetInt32());
        Assert.Equal([null, 1, 1], summary.GetProperty("steps").EnumerateArray().Select(s => s.TryGetProperty("parentStep", out var p) ? p.GetInt32() : (int?)null));
        var progress = json.RootElement.GetProperty("progress");
        Assert.Equal((1, 25.0), (progress.GetProperty("awaitingInput").GetInt32(), progress.GetProperty("percent").GetDouble())); // (0.25 + 0.5 + 0) of 3 steps
    }

    [Fact]
    public async Task WebSocket_frames_round_trip_the_parent_the_progress_and_the_waiting_state()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var tracker = AgentRun(Hub);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(Server.WebSocketUri("/status/run-1/ws"), timeout.Token);
        var frames = new List<ChatStatus>();
        for (var i = 0; i < 3; i++)
        {
            frames.Add((await WebSocketTests.ReceiveAsync(socket, timeout.Token))!);
        }

        tracker.Completed(3, "Sent.");
        tracker.Complete();
        while (await WebSocketTests.ReceiveAsync(socket, timeout.Token) is { } status)
        {
            frames.Add(status);
        }

        Assert.Equal(tracker.History, frames);
        (int Step, int? Parent, StatusState State, double? Progress)[] expected =
        [
            (1, null, StatusState.Executing, null),
            (2, 1, StatusState.Executing, 0.5),
            (3, 1, StatusState.AwaitingInput, null),
            (3, 1, StatusState.Completed, null),
        ];
        Assert.Equal(expected, frames.Select(s => (s.Step, s.ParentStep, s.State, s.Progress)));
    }
}
