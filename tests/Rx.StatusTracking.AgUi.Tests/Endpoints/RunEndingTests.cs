using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.Logging.Tests;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

/// <summary>How a run ends the steps its code left open: the client's activity never stays "Executing".</summary>
public class RunEndingTests
{
    private static readonly InvalidOperationException ReportGone = new("The report is gone.");

    [Fact]
    public async Task A_run_that_throws_with_a_step_executing_ends_the_step_Failed_with_the_error_before_RUN_ERROR_and_logs_it()
    {
        using var hub = new StatusHub();
        var logging = new CapturingLoggerProvider();
        await using var server = await AgUiServer.StartAsync(app => app.MapAgUiEndpoint("/agui", hub, ThrowsWhileReading), logging);

        var events = await RunOutcomeTests.RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", ThrewWhileReading), string.Join("\n", events));
        var entry = Assert.Single(logging.Entries, e => e.Category == "Rx.StatusTracking.AgUi");
        Assert.Equal((LogLevel.Error, "AG-UI run run-1 of thread thread-1 failed; it ended with RUN_ERROR."), (entry.Level, entry.Message));
        Assert.Same(ReportGone, entry.Exception);
        Assert.Equal("run-1", entry.Fields["RunId"]);
    }

    [Fact]
    public async Task A_run_that_throws_with_no_step_running_records_the_failure_on_a_step_of_its_own()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(app => app.MapAgUiEndpoint("/agui", hub, ThrowsAtOnce));

        var events = await RunOutcomeTests.RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", ThrewAtOnce), string.Join("\n", events));
    }

    [Fact]
    public async Task A_run_that_succeeds_with_a_step_executing_and_one_pending_ends_them_Failed_with_why_before_RUN_FINISHED()
    {
        using var hub = new StatusHub();
        var logging = new CapturingLoggerProvider();
        await using var server = await AgUiServer.StartAsync(app => app.MapAgUiEndpoint("/agui", hub, LeavesStepsOpen), logging);

        var events = await RunOutcomeTests.RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", LeftOpen), string.Join("\n", events));
        Assert.DoesNotContain(logging.Entries, e => e.Category == "Rx.StatusTracking.AgUi");
    }

    [Fact]
    public async Task A_run_that_ends_waiting_for_input_keeps_the_steps_the_wait_runs_under_and_ends_the_others()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(app => app.MapAgUiEndpoint("/agui", hub, WaitsUnderAnAgent));

        var events = await RunOutcomeTests.RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", WaitedUnderAnAgent), string.Join("\n", events));
        Assert.True(hub.TryGet("run-1", out var tracker));
        var steps = tracker!.GetSummary().Steps.Select(s => $"{s.Step}:{s.State}");
        Assert.Equal(["1:Executing", "2:AwaitingInput", "3:Failed"], steps);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> WaitsUnderAnAgent(AgUiRunContext run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var agent = run.Tracker.ReserveStep();
        run.Tracker.Executing(agent, "The agent planner is working.");
        var approval = run.Tracker.ReserveStep(agent);
        run.Tracker.AwaitingInput(approval, "Approve the booking?");
        var search = run.Tracker.ReserveStep();
        run.Tracker.Executing(search, "Searching the web.");
        await Task.Yield();
        yield break;
    }

    [Fact]
    public async Task A_timeout_that_is_not_the_runs_cancellation_ends_its_steps_as_a_failure_as_RUN_ERROR_says()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(app => app.MapAgUiEndpoint("/agui", hub, TimesOut));

        var events = await RunOutcomeTests.RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", TimedOut), string.Join("\n", events));
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> TimesOut(AgUiRunContext run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var step = run.Tracker.ReserveStep();
        run.Tracker.Executing(step, "Calling the search API.");
        await Task.Yield();
        throw new TaskCanceledException("The request timed out.");
#pragma warning disable CS0162 // An iterator needs a yield.
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> ThrowsWhileReading(AgUiRunContext run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var step = run.Tracker.ReserveStep();
        run.Tracker.Executing(step, "Reading the report.");
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Reading");
        throw ReportGone;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> ThrowsAtOnce(AgUiRunContext run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw ReportGone;
#pragma warning disable CS0162 // An iterator needs a yield.
        yield break;
#pragma warning restore CS0162
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> LeavesStepsOpen(AgUiRunContext run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var search = run.Tracker.ReserveStep();
        run.Tracker.Executing(search, "Searching the web.");
        var summary = run.Tracker.ReserveStep();
        run.Tracker.Pending(summary, "Summarizing the results.");
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Done.");
    }

    // The running step ends Failed with the run's error (its activity and STEP_FINISHED before RUN_ERROR).
    internal static readonly string[] ThrewWhileReading =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Reading the report."},"replace":true}""",
        """4 {"type":"TEXT_MESSAGE_START","messageId":"run-1:message:1","role":"assistant"}""",
        """5 {"type":"TEXT_MESSAGE_CONTENT","messageId":"run-1:message:1","delta":"Reading"}""",
        """6 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"Step 1 failed: The report is gone."},{"op":"add","path":"/error","value":{"type":"System.InvalidOperationException","message":"The report is gone."}}]}""",
        """7 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """8 {"type":"RUN_ERROR","message":"The report is gone.","code":"System.InvalidOperationException"}""",
    ];

    // No step was running: the failure is a step of its own, opened and closed before RUN_ERROR.
    private static readonly string[] ThrewAtOnce =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Failed","description":"The operation failed: The report is gone.","error":{"type":"System.InvalidOperationException","message":"The report is gone."}},"replace":true}""",
        """4 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """5 {"type":"RUN_ERROR","message":"The report is gone.","code":"System.InvalidOperationException"}""",
    ];

    // The running step "did not finish", the pending one "did not run"; both closed before the message and the run end.
    private static readonly string[] LeftOpen =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Searching the web."},"replace":true}""",
        """4 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """5 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:2","activityType":"status","content":{"step":2,"state":"Pending","description":"Summarizing the results."},"replace":true}""",
        """6 {"type":"TEXT_MESSAGE_START","messageId":"run-1:message:1","role":"assistant"}""",
        """7 {"type":"TEXT_MESSAGE_CONTENT","messageId":"run-1:message:1","delta":"Done."}""",
        """8 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"Step 1 did not finish: the run ended first."}]}""",
        """9 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """10 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:2","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"Step 2 did not run: the run ended first."}]}""",
        """11 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """12 {"type":"TEXT_MESSAGE_END","messageId":"run-1:message:1"}""",
        """13 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"success"}}""",
    ];

    // The agent (1) waits on its child's approval (2): both stay as they are (the interrupt); the unrelated search (3)
    // did not finish.
    private static readonly string[] WaitedUnderAnAgent =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"The agent planner is working."},"replace":true}""",
        """4 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """5 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:2","activityType":"status","content":{"step":2,"parentStep":1,"state":"AwaitingInput","description":"Approve the booking?"},"replace":true}""",
        """6 {"type":"STEP_STARTED","stepName":"step-3"}""",
        """7 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:3","activityType":"status","content":{"step":3,"state":"Executing","description":"Searching the web."},"replace":true}""",
        """8 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:3","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"Step 3 did not finish: the run ended first."}]}""",
        """9 {"type":"STEP_FINISHED","stepName":"step-3"}""",
        """10 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """11 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """12 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"interrupt","interrupts":[{"id":"run-1:step:2","reason":"input_required","message":"Approve the booking?"}]}}""",
    ];

    // An HttpClient timeout is a failure for the steps as for the client, not a cancellation.
    private static readonly string[] TimedOut =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Calling the search API."},"replace":true}""",
        """4 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"Step 1 failed: The request timed out."},{"op":"add","path":"/error","value":{"type":"System.Threading.Tasks.TaskCanceledException","message":"The request timed out."}}]}""",
        """5 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """6 {"type":"RUN_ERROR","message":"The request timed out.","code":"System.Threading.Tasks.TaskCanceledException"}""",
    ];
}
