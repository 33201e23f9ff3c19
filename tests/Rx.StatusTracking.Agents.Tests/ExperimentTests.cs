using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Agents.Tests.Support;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Agents.Tests;

public sealed class ExperimentTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DumpSequential()
    {
        var writer = new ChatClientAgent(new ScriptedChatClient().ThenText("draft"), name: "writer", instructions: "w");
        var reviewer = new ChatClientAgent(new ScriptedChatClient().ThenText("ok"), name: "reviewer", instructions: "r");
        var workflow = AgentWorkflowBuilder.BuildSequential(writer, reviewer);
        await using var run = await InProcessExecution.RunStreamingAsync(workflow, new List<ChatMessage> { new(ChatRole.User, "hi") });
        await run.TrySendMessageAsync(new TurnToken(emitEvents: true));
        await foreach (var e in run.WatchStreamAsync())
        {
            output.WriteLine($"{e.GetType().Name} {(e as ExecutorEvent)?.ExecutorId} {e.Data?.GetType().Name} {e.Data}");
        }
        output.WriteLine((await run.GetStatusAsync()).ToString());

        var upper = ((Func<string, string>)(s => s.ToUpperInvariant())).BindAsExecutor("upper");
        var fail = ((Func<string, string>)(s => throw new InvalidOperationException("boom"))).BindAsExecutor("fail");
        var wf2 = new WorkflowBuilder(upper).AddEdge(upper, fail).WithOutputFrom(fail).Build();
        await using var run2 = await InProcessExecution.RunStreamingAsync(wf2, "abc");
        await foreach (var e in run2.WatchStreamAsync())
        {
            output.WriteLine($"{e.GetType().Name} {(e as ExecutorEvent)?.ExecutorId} {e.Data?.GetType().Name} {e.Data}");
        }
    }
}
