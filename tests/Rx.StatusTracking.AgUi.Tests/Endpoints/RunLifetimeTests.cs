using System.Net;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class RunLifetimeTests
{
    private const string Category = "Rx.StatusTracking.AgUi";

    private static readonly AsyncLocal<string?> RequestLocal = new();

    [Fact]
    public async Task A_run_evicted_before_its_last_event_can_still_be_resumed_until_it_has_it()
    {
        var clock = new HistoricalScheduler(DateTimeOffset.UnixEpoch);
        using var hub = new StatusHub(new StatusHubOptions { Scheduler = clock, CompletedRetention = TimeSpan.FromMinutes(5) });
        var evicted = hub.Events.FirstAsync(e => e.Kind == OperationEventKind.Evicted).ToTask();
        using var ending = new ManualResetEventSlim();
        var inWindow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The run's failure is logged after its tracker completed and before RUN_ERROR: the run is held there.
        var logging = new HookedLoggerProvider((category, id) =>
        {
            if (category == Category && id.Id == 1)
            {
                inWindow.TrySetResult();
                ending.Wait(TimeSpan.FromSeconds(30));
            }
        });
        await using var server = await AgUiServer.StartAsync(hub, new ScriptedChatClient().ThenStream(RunOutcomeTests.Failing), logging: logging);
        var input = AgUiStream.Input("run-1");
        using var first = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input), HttpCompletionOption.ResponseHeadersRead);
        await inWindow.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.AdvanceBy(TimeSpan.FromMinutes(5));
        await evicted.WaitAsync(TimeSpan.FromSeconds(30));

        using var resumed = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, input, lastEventId: "7"), HttpCompletionOption.ResponseHeadersRead);
        ending.Set();

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(
            ["""8 {"type":"RUN_ERROR","message":"The model is down.","code":"System.InvalidOperationException"}"""],
            (await AgUiStream.ReadAsync(resumed)).Select(e => e.ToString()));
    }

    [Fact]
    public async Task A_run_whose_ending_throws_still_ends_with_RUN_ERROR_and_logs_why()
    {
        using var hub = new StatusHub();
        var logged = new List<int>();
        var logging = new HookedLoggerProvider((category, id) =>
        {
            if (category == Category)
            {
                lock (logged)
                {
                    logged.Add(id.Id);
                }

                // The failure's own log entry throws, past the run's code: the driver's ending is what fails.
                if (id.Id == 1)
                {
                    throw new InvalidOperationException("The log sink is down.");
                }
            }
        });
        await using var server = await AgUiServer.StartAsync(hub, new ScriptedChatClient().ThenStream(RunOutcomeTests.Failing), logging: logging);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead);
        var events = await AgUiStream.ReadAsync(response, cancellationToken: timeout.Token);

        Assert.Equal(
            """8 {"type":"RUN_ERROR","message":"The run could not be ended as it should; the server logged why.","code":"internal_error"}""",
            events[^1].ToString());
        Assert.Equal(8, events.Count);
        Assert.Equal([1, 3], logged);
    }

    [Fact]
    public async Task A_run_does_not_carry_the_execution_context_of_the_request_that_started_it_but_has_its_tracker_scope()
    {
        using var hub = new StatusHub();
        var seen = new TaskCompletionSource<(string? Local, bool InScope)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await AgUiServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                RequestLocal.Value = "the request's";
                await next(context);
            });
            app.MapAgUiEndpoint("/agui", hub, (run, cancellationToken) => Observe(run, seen, cancellationToken));
        });

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead);
        await AgUiStream.ReadAsync(response);

        Assert.Equal((null, true), await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Observe(AgUiRunContext run, TaskCompletionSource<(string?, bool)> seen, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        seen.TrySetResult((RequestLocal.Value, ReferenceEquals(ChatStatusScope.Current, run.Tracker)));
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Done.") { MessageId = "msg-1" };
    }
}
