using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Workflows;

public sealed class WorkflowAgentTests : IDisposable
{
    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Fact]
    public async Task A_workflow_hosted_as_an_agent_reports_its_executors_under_the_agent_run()
    {
        var writer = new ChatClientAgent(new ScriptedChatClient().ThenText("A draft."), name: "writer");
        var reviewer = new ChatClientAgent(new ScriptedChatClient().ThenText("Looks good."), name: "reviewer");
        var agent = AgentWorkflowBuilder.BuildSequential("review", writer, reviewer)
            .AsAIAgent(name: "review")
            .AsBuilder().UseStatusTracking(_recording.Tracker).Build();

        await foreach (var update in agent.RunStreamingAsync("Write a haiku."))
        {
        }

        Assert.Equal(
            [
                "1 Executing: The agent review is working.",
                "2 in 1 Executing: Running the workflow review.",
                "3 in 2 Executing: The writer executor is running.",
                "3 in 2 Completed: The writer executor finished.",
                "4 in 2 Executing: The reviewer executor is running.",
                "4 in 2 Completed: The reviewer executor finished.",
                "5 in 2 Executing: The OutputMessages executor is running.",
                "5 in 2 Completed: The OutputMessages executor finished.",
                "2 in 1 Completed: The workflow review finished.",
                "1 Completed: The agent review finished.",
            ],
            _recording.Lines);
    }
}
