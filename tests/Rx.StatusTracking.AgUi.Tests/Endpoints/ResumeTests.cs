using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.Logging.Tests;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class ResumeTests
{
    [Fact]
    public async Task A_client_that_lost_the_stream_resumes_the_same_run_with_Last_Event_ID_with_no_gap_and_no_duplicate()
    {
        using var hub = new StatusHub();
        var gate = new Gate();
        var model = gate.Answer();
        await using var server = await AgUiServer.StartAsync(hub, model);
        var input = AgUiStream.Input("run-1");

        List<AgUiEvent> first;
        using (var lost = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input), HttpCompletionOption.ResponseHeadersRead))
        {
            first = await AgUiStream.ReadAsync(lost, count: 5); // up to "It is ", then the connection drops
        }

        // The client saw only three of them: it resumes after 3, and the model goes on while it reads.
        using var resumed = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "3"), HttpCompletionOption.ResponseHeadersRead);
        gate.Open();
        var rest = await AgUiStream.ReadAsync(resumed);

        Assert.Equal(Whole, first.Take(3).Concat(rest).Select(e => e.ToString()));
        Assert.Equal(first.Skip(3).Select(e => e.ToString()), rest.Take(2).Select(e => e.ToString()));
        Assert.Single(model.Requests); // resumed, not run again
    }

    [Fact]
    public async Task A_finished_run_is_replayed_after_Last_Event_ID_until_the_hub_evicts_it()
    {
        var clock = new HistoricalScheduler(DateTimeOffset.UnixEpoch);
        using var hub = new StatusHub(new StatusHubOptions { Scheduler = clock, CompletedRetention = TimeSpan.FromMinutes(5) });
        var completed = hub.Events.FirstAsync(e => e.Kind == OperationEventKind.Completed).ToTask();
        var gate = new Gate();
        gate.Open();
        await using var server = await AgUiServer.StartAsync(hub, gate.Answer());
        var input = AgUiStream.Input("run-1");
        await RunOutcomeTests.RunAsync(server, "run-1");
        await completed.WaitAsync(TimeSpan.FromSeconds(30));

        using var resumed = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "7"), HttpCompletionOption.ResponseHeadersRead);
        var rest = await AgUiStream.ReadAsync(resumed);
        clock.AdvanceBy(TimeSpan.FromMinutes(5));
        using var evicted = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "7"));

        Assert.Equal(Whole.Skip(7), rest.Select(e => e.ToString()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, evicted.StatusCode);
    }

    [Fact]
    public async Task A_run_nobody_reads_for_the_resume_window_is_cancelled_and_finishes_as_cancelled()
    {
        using var hub = new StatusHub();
        var completed = hub.Events.FirstAsync(e => e.Kind == OperationEventKind.Completed).ToTask();
        var gate = new Gate();
        var logging = new CapturingLoggerProvider();
        await using var server = await AgUiServer.StartAsync(hub, gate.Answer(), new AgUiEndpointOptions { ResumeWindow = TimeSpan.Zero }, logging);
        var input = AgUiStream.Input("run-1");
        using (var aborted = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input), HttpCompletionOption.ResponseHeadersRead))
        {
            await AgUiStream.ReadAsync(aborted, count: 5); // then the client aborts, as HttpAgent.abortRun does
        }

        await completed.WaitAsync(TimeSpan.FromSeconds(30)); // the run ended without its gate ever opening
        using var resumed = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "5"), HttpCompletionOption.ResponseHeadersRead);
        var rest = await AgUiStream.ReadAsync(resumed);

        Assert.Equal(Cancelled, rest.Select(e => e.ToString()));
        var entry = Assert.Single(logging.Entries, e => e.Category == "Rx.StatusTracking.AgUi");
        Assert.Equal(
            (LogLevel.Information, "AG-UI run run-1 of thread thread-1 was cancelled: no client read it for AgUiEndpointOptions.ResumeWindow.", (Exception?)null),
            (entry.Level, entry.Message, entry.Exception));
    }

    [Fact]
    public async Task The_resume_window_counts_from_the_last_reader_leaving_not_from_an_earlier_one()
    {
        using var hub = new StatusHub();
        var time = new TimerWatchingTimeProvider();
        var window = TimeSpan.FromSeconds(30);
        var gate = new Gate();
        var options = new AgUiEndpointOptions { ResumeWindow = window, HeartbeatInterval = TimeSpan.FromHours(1), TimeProvider = time };
        await using var server = await AgUiServer.StartAsync(hub, gate.Answer(), options);
        var input = AgUiStream.Input("run-1");

        // A reads five events and leaves at 0 s: its window would end at 30 s.
        using (var a = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input), HttpCompletionOption.ResponseHeadersRead))
        {
            await AgUiStream.ReadAsync(a, count: 5);
        }

        await time.WhenCreatedAsync(window, 1);
        time.Advance(TimeSpan.FromSeconds(5));

        // B resumes at 5 s (its headers come once it is counted as a reader) and leaves at 25 s: the window ends at 55 s.
        using (await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "5"), HttpCompletionOption.ResponseHeadersRead))
        {
            time.Advance(TimeSpan.FromSeconds(20));
        }

        await time.WhenCreatedAsync(window, 2);
        time.Advance(TimeSpan.FromSeconds(5)); // 30 s: A's window is over, but B read since

        using var c = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "5"), HttpCompletionOption.ResponseHeadersRead);
        gate.Open();
        var rest = await AgUiStream.ReadAsync(c);

        Assert.Equal(Whole.Skip(5), rest.Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_blank_Last_Event_ID_is_no_resume_point_and_starts_a_new_run()
    {
        using var hub = new StatusHub();
        var gate = new Gate();
        gate.Open();
        await using var server = await AgUiServer.StartAsync(hub, gate.Answer());
        var request = AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1"));
        Assert.True(request.Headers.TryAddWithoutValidation("Last-Event-ID", string.Empty));

        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Whole, (await AgUiStream.ReadAsync(response)).Select(e => e.ToString()));
    }

    // The whole run of Gate.Answer, with its SSE ids.
    private static readonly string[] Whole =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Waiting for the OpenAI model to respond."},"replace":true}""",
        """4 {"type":"TEXT_MESSAGE_START","messageId":"msg-1","role":"assistant"}""",
        """5 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-1","delta":"It is "}""",
        """6 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-1","delta":"sunny."}""",
        """7 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received the final answer."}]}""",
        """8 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """9 {"type":"TEXT_MESSAGE_END","messageId":"msg-1"}""",
        """10 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"success"}}""",
    ];

    // The model call ends Failed (cancelled), the open step and message are closed, and the outcome says cancelled.
    private static readonly string[] Cancelled =
    [
        """6 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"The model call failed: cancelled."},{"op":"add","path":"/error","value":{"type":"System.Threading.Tasks.TaskCanceledException","message":"A task was canceled."}}]}""",
        """7 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """8 {"type":"TEXT_MESSAGE_END","messageId":"msg-1"}""",
        """9 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"cancelled"}}""",
    ];
}
