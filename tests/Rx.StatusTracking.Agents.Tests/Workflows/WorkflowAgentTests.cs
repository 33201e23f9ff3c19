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
                "2 Executing: Running the workflow review (agent review).",
                "3 Executing: The writer executor is running (workflow review).",
                "3 Completed: The writer executor finished (workflow review).",
                "4 Executing: The reviewer executor is running (workflow review).",
                "4 Completed: The reviewer executor finished (workflow review).",
                "5 Executing: The OutputMessages executor is running (workflow review).",
                "5 Completed: The OutputMessages executor finished (workflow review).",
                "2 Completed: The workflow review finished (agent review).",
                "1 Completed: The agent review finished.",
            ],
            _recording.Lines);
    }
}
