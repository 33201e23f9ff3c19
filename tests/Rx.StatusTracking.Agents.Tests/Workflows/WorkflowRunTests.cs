using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Workflows;

public sealed class WorkflowRunTests : IDisposable
{
    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Fact]
    public async Task Each_executor_invocation_is_a_step_and_the_run_completes_when_the_stream_ends_idle()
    {
        var upper = ((Func<string, string>)(s => s.ToUpperInvariant())).BindAsExecutor("upper");
        var reverse = ((Func<string, string>)(s => new string([.. s.Reverse()]))).BindAsExecutor("reverse");
        var workflow = new WorkflowBuilder(upper).AddEdge(upper, reverse).WithOutputFrom(reverse).WithName("shout").Build();

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, "abc");
        var outputs = new List<object?>();
        await foreach (var e in run.WatchStreamAsync().WithStatusTracking(_recording.Tracker, workflow.Name))
        {
            if (e is WorkflowOutputEvent output)
            {
                outputs.Add(output.Data);
            }
        }

        Assert.Equal(["CBA"], outputs);
        Assert.Equal(RunStatus.Idle, await run.GetStatusAsync());
        Assert.Equal(
            [
                "1 Executing: Running the workflow shout.",
                "2 in 1 Executing: The upper executor is running.",
                "2 in 1 Completed: The upper executor finished.",
                "3 in 1 Executing: The reverse executor is running.",
                "3 in 1 Completed: The reverse executor finished.",
                "1 Completed: The workflow shout finished.",
            ],
            _recording.Lines);
        Assert.Equal(new ExecutorRunData("upper", "upper", TimeSpan.Zero), _recording.Tracker.History[2].Data);
    }

    [Fact]
    public async Task A_failing_executor_fails_with_its_own_exception_and_so_does_the_workflow()
    {
        var upper = ((Func<string, string>)(s => s.ToUpperInvariant())).BindAsExecutor("upper");
        var check = ((Func<string, string>)(_ => throw new InvalidOperationException("The text is too loud"))).BindAsExecutor("check");
        var workflow = new WorkflowBuilder(upper).AddEdge(upper, check).WithOutputFrom(check).Build();

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, "abc");
        var raw = new List<WorkflowEvent>();
        await foreach (var e in run.WatchStreamAsync().WithStatusTracking(_recording.Tracker))
        {
            raw.Add(e);
        }

        // The framework wraps the handler's exception in the workflow's error event; the statuses carry the handler's own.
        Assert.IsType<System.Reflection.TargetInvocationException>(raw.OfType<WorkflowErrorEvent>().Single().Exception);
        Assert.Equal(
            [
                "1 Executing: Running the workflow.",
                "2 in 1 Executing: The upper executor is running.",
                "2 in 1 Completed: The upper executor finished.",
                "3 in 1 Executing: The check executor is running.",
                "3 in 1 Failed: The check executor failed: The text is too loud.",
                "1 Failed: The workflow failed: The text is too loud.",
            ],
            _recording.Lines);
        Assert.All(_recording.Tracker.Failures, f => Assert.Equal(typeof(InvalidOperationException).FullName, f.Error?.Type));
    }

    [Fact]
    public async Task Agent_executors_empty_hand_overs_are_in_the_raw_events_but_not_in_the_tracker()
    {
        var writer = new ChatClientAgent(new ScriptedChatClient().ThenText("A draft."), name: "writer");
        var reviewer = new ChatClientAgent(new ScriptedChatClient().ThenText("Looks good."), name: "reviewer");
        var workflow = AgentWorkflowBuilder.BuildSequential("review", writer, reviewer);

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, new List<ChatMessage> { new(ChatRole.User, "Write a haiku.") });
        await run.TrySendMessageAsync(new TurnToken(emitEvents: true));
        var raw = new List<WorkflowEvent>();
        await foreach (var e in run.WatchStreamAsync().WithStatusTracking(_recording.Tracker, workflow.Name))
        {
            raw.Add(e);
        }

        // Framework issue #4846: each agent executor is invoked with the messages first, doing nothing, before the turn.
        var writerInvocations = raw.OfType<ExecutorInvokedEvent>().Where(e => e.ExecutorId.StartsWith("writer_", StringComparison.Ordinal)).ToList();
        Assert.Equal([typeof(List<ChatMessage>), typeof(TurnToken)], writerInvocations.Select(e => e.Data?.GetType()));
        Assert.Contains(raw.OfType<ExecutorInvokedEvent>(), e => e.ExecutorId.StartsWith("reviewer_", StringComparison.Ordinal) && e.Data is List<ChatMessage>);

        Assert.Equal(
            [
                "1 Executing: Running the workflow review.",
                "2 in 1 Executing: The writer executor is running.",
                "2 in 1 Completed: The writer executor finished.",
                "3 in 1 Executing: The reviewer executor is running.",
                "3 in 1 Completed: The reviewer executor finished.",
                "4 in 1 Executing: The OutputMessages executor is running.",
                "4 in 1 Completed: The OutputMessages executor finished.",
                "1 Completed: The workflow review finished.",
            ],
            _recording.Lines);
        var writerData = Assert.IsType<ExecutorRunData>(_recording.Tracker.History[1].Data);
        Assert.Equal("writer", writerData.Name);
        Assert.StartsWith("writer_", writerData.ExecutorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_input_waits_until_its_answer_arrives()
    {
        var workflow = ApprovalWorkflow();

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, "news");
        var linesAtRequest = new List<string>();
        await foreach (var e in run.WatchStreamAsync().WithStatusTracking(_recording.Tracker, workflow.Name))
        {
            if (e is RequestInfoEvent request)
            {
                linesAtRequest.AddRange(_recording.Lines);
                await run.SendResponseAsync(request.Request.CreateResponse("yes"));
            }
        }

        Assert.Equal("4 in 1 AwaitingInput: Waiting for input on approval.", linesAtRequest[^1]);
        Assert.Equal(
            [
                .. UpToTheRequest,
                "3 in 1 Completed: The approval executor finished.",
                "4 in 1 Completed: The input on approval arrived.",
                "5 in 1 Executing: The approval executor is running.",
                "5 in 1 Completed: The approval executor finished.",
                "6 in 1 Executing: The publish executor is running.",
                "6 in 1 Completed: The publish executor finished.",
                "1 Completed: The workflow post finished.",
            ],
            _recording.Lines);
        var waiting = Assert.IsType<WorkflowRequestData>(_recording.Tracker.History[4].Data);
        Assert.Equal("approval", waiting.PortId);
    }

    [Fact]
    public async Task A_request_still_waiting_when_the_caller_stops_reading_fails_with_the_workflow()
    {
        var workflow = ApprovalWorkflow();

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, "news");
        await foreach (var e in run.WatchStreamAsync().WithStatusTracking(_recording.Tracker, workflow.Name))
        {
            if (e is RequestInfoEvent)
            {
                break; // nobody will answer
            }
        }

        Assert.Equal(
            [
                .. UpToTheRequest,
                "3 in 1 Failed: The approval executor failed: the workflow failed.",
                "4 in 1 Failed: No input on approval arrived: the workflow failed.",
                "1 Failed: The workflow post failed: the event stream was abandoned before it ended.",
            ],
            _recording.Lines);
        Assert.Equal(0, _recording.Tracker.GetSummary().AwaitingInputSteps);
    }

    [Fact]
    public async Task A_stream_that_ends_quietly_once_cancelled_fails_the_run_rather_than_leaving_it_running()
    {
        var workflow = ApprovalWorkflow();
        using var stop = new CancellationTokenSource();

        await using var run = await InProcessExecution.RunStreamingAsync(workflow, "news");
        await foreach (var e in run.WatchStreamAsync(stop.Token).WithStatusTracking(_recording.Tracker, workflow.Name, cancellationToken: stop.Token))
        {
            if (e is RequestInfoEvent)
            {
                await stop.CancelAsync(); // nobody will answer; the framework's stream then ends without an exception
            }
        }

        Assert.Equal(
            [
                "3 in 1 Failed: The approval executor failed: the workflow failed.",
                "4 in 1 Failed: No input on approval arrived: the workflow failed.",
                "1 Failed: The workflow post failed: the run was cancelled.",
            ],
            _recording.Lines.Skip(5));
        Assert.Equal("System.OperationCanceledException", _recording.Tracker.Failures[^1].Error!.Type);
    }

    // What ApprovalWorkflow records until its request for input waits.
    private static readonly string[] UpToTheRequest =
    [
        "1 Executing: Running the workflow post.",
        "2 in 1 Executing: The draft executor is running.",
        "2 in 1 Completed: The draft executor finished.",
        "3 in 1 Executing: The approval executor is running.",
        "4 in 1 AwaitingInput: Waiting for input on approval.",
    ];

    // draft -> a request port "approval" -> publish, named "post".
    private static Workflow ApprovalWorkflow()
    {
        var port = RequestPort.Create<string, string>("approval");
        var draft = ((Func<string, string>)(s => $"draft of {s}")).BindAsExecutor("draft");
        var publish = ((Func<string, string>)(answer => $"published: {answer}")).BindAsExecutor("publish");
        return new WorkflowBuilder(draft).AddEdge(draft, port).AddEdge(port, publish).WithOutputFrom(publish).WithName("post").Build();
    }
}
