using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

/// <summary>The delegate endpoint with steps reported by hand on the run's tracker (as the demo's simulated turn does).</summary>
public class HandTrackedRunTests
{
    [Fact]
    public async Task Nested_steps_progress_and_a_wait_for_input_reach_the_client_as_activities_and_an_interrupt()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(app => app.MapAgUiEndpoint("/agui", hub, (run, cancellationToken) => Turn(run.Tracker, cancellationToken)));

        var events = await RunOutcomeTests.RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", Expected), string.Join("\n", events));
    }

    // Reported from another thread, then the tracker completed by the turn itself, as a simulation does; then the text.
    private static async IAsyncEnumerable<ChatResponseUpdate> Turn(ChatStatusTracker tracker, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Run(
            () =>
            {
                var plan = tracker.ReserveStep();
                tracker.Executing(plan, "The planner agent is running.");
                var download = tracker.ReserveStep(plan);
                tracker.ReportProgress(download, 0.5, "Downloading the report.");
                tracker.Completed(download, "Downloaded the report.");
                var ask = tracker.ReserveStep(plan);
                tracker.AwaitingInput(ask, "Which city do you mean?");
                tracker.Complete();
            },
            cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "Which city do you mean?");
    }

    // A child names its parent and carries its figure (removed by the patch when a status has none); the step waiting for
    // input is an interrupt of its own id; the run's step, still running, is closed with it before RUN_FINISHED.
    private static readonly string[] Expected =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"The planner agent is running."},"replace":true}""",
        """4 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """5 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:2","activityType":"status","content":{"step":2,"parentStep":1,"state":"Executing","description":"Downloading the report.","progress":0.5},"replace":true}""",
        """6 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:2","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Downloaded the report."},{"op":"remove","path":"/progress"}]}""",
        """7 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """8 {"type":"STEP_STARTED","stepName":"step-3"}""",
        """9 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:3","activityType":"status","content":{"step":3,"parentStep":1,"state":"AwaitingInput","description":"Which city do you mean?"},"replace":true}""",
        """10 {"type":"TEXT_MESSAGE_START","messageId":"run-1:message:1","role":"assistant"}""",
        """11 {"type":"TEXT_MESSAGE_CONTENT","messageId":"run-1:message:1","delta":"Which city do you mean?"}""",
        """12 {"type":"TEXT_MESSAGE_END","messageId":"run-1:message:1"}""",
        """13 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """14 {"type":"STEP_FINISHED","stepName":"step-3"}""",
        """15 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"interrupt","interrupts":[{"id":"run-1:step:3","reason":"input_required","message":"Which city do you mean?"}]}}""",
    ];
}
