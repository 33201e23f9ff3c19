using System.Reflection;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Workflows;

/// <summary>Event sequences the in-process runner does not produce on demand, built from the framework's own event types.</summary>
public sealed class WorkflowEventStreamTests : IDisposable
{
    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Fact]
    public async Task An_executor_that_takes_messages_and_returns_a_result_is_shown()
    {
        await Drain(
            new ExecutorInvokedEvent("summarize", new List<ChatMessage> { new(ChatRole.User, "hi") }),
            new ExecutorCompletedEvent("summarize", "a summary"));

        Assert.Equal(
            [
                "1 Executing: Running the workflow.",
                "2 in 1 Executing: The summarize executor is running.",
                "2 in 1 Completed: The summarize executor finished.",
                "1 Completed: The workflow finished.",
            ],
            _recording.Lines);
    }

    [Fact]
    public async Task A_held_invocation_is_shown_when_its_executor_outputs()
    {
        await Drain(
            new ExecutorInvokedEvent("collect", new List<ChatMessage>()),
            new WorkflowOutputEvent("partial", "collect"),
            new ExecutorCompletedEvent("collect", null));

        Assert.Equal(
            [
                "1 Executing: Running the workflow.",
                "2 in 1 Executing: The collect executor is running.",
                "2 in 1 Completed: The collect executor finished.",
                "1 Completed: The workflow finished.",
            ],
            _recording.Lines);
    }

    [Fact]
    public async Task A_stream_that_throws_fails_the_run_and_the_running_executor_and_rethrows()
    {
        var failure = new IOException("The checkpoint store is gone");

        var thrown = await Assert.ThrowsAsync<IOException>(() => Drain(failure, new ExecutorInvokedEvent("upper", "abc")));

        Assert.Same(failure, thrown);
        Assert.Equal(
            [
                "1 Executing: Running the workflow.",
                "2 in 1 Executing: The upper executor is running.",
                "2 in 1 Failed: The upper executor failed: the workflow failed.",
                "1 Failed: The workflow failed: The checkpoint store is gone.",
            ],
            _recording.Lines);
    }

    [Fact]
    public async Task A_workflow_error_is_reported_with_the_exception_inside_the_reflection_wrapper()
    {
        var inner = new InvalidOperationException("boom");
        await Drain(new WorkflowErrorEvent(new TargetInvocationException(inner)));

        Assert.Equal(["1 Executing: Running the workflow.", "1 Failed: The workflow failed: boom."], _recording.Lines);
        Assert.Equal(typeof(InvalidOperationException).FullName, _recording.Tracker.Failures.Single().Error?.Type);
    }

    [Fact]
    public async Task A_caller_that_stops_reading_leaves_the_run_failed_rather_than_running()
    {
        await foreach (var e in Events(null, new ExecutorInvokedEvent("upper", "abc"), new ExecutorCompletedEvent("upper", "ABC"))
            .WithStatusTracking(_recording.Tracker, "shout"))
        {
            break;
        }

        Assert.Equal(
            [
                "1 Executing: Running the workflow shout.",
                "2 in 1 Executing: The upper executor is running.",
                "2 in 1 Failed: The upper executor failed: the workflow failed.",
                "1 Failed: The workflow shout failed: the event stream was abandoned before it ended.",
            ],
            _recording.Lines);
    }

    [Theory]
    [InlineData("writer_4499fca7a5d54f0988c3ded834d819d7", "writer")]
    [InlineData("writer_4499fca7-a5d5-4f09-88c3-ded834d819d7", "writer")]
    [InlineData("my_writer_4499fca7a5d54f0988c3ded834d819d7", "my_writer")]
    [InlineData("writer_2", "writer_2")]
    [InlineData("_4499fca7a5d54f0988c3ded834d819d7", "_4499fca7a5d54f0988c3ded834d819d7")]
    [InlineData("OutputMessages", "OutputMessages")]
    public async Task Executor_ids_read_without_the_guid_the_framework_appends(string executorId, string name)
    {
        await Drain(new ExecutorInvokedEvent(executorId, "x"), new ExecutorCompletedEvent(executorId, null));

        Assert.Equal(new ExecutorRunData(executorId, name, TimeSpan.Zero), _recording.Tracker.History[2].Data);
        Assert.Equal($"2 in 1 Completed: The {name} executor finished.", _recording.Lines[2]);
    }

    private async Task Drain(params WorkflowEvent[] events) => await Drain(null, events);

    private async Task Drain(Exception? thenThrow, params WorkflowEvent[] events)
    {
        await foreach (var _ in Events(thenThrow, events).WithStatusTracking(_recording.Tracker))
        {
        }
    }

    private static async IAsyncEnumerable<WorkflowEvent> Events(Exception? thenThrow, params WorkflowEvent[] events)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }

        if (thenThrow is not null)
        {
            throw thenThrow;
        }
    }
}
