using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Agents;

public sealed class NestedAgentTests : IDisposable
{
    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Fact]
    public async Task An_agent_used_as_a_tool_reports_its_run_and_its_own_model_calls_under_the_calling_tool()
    {
        var researcher = new ChatClientAgent(new ScriptedChatClient().ThenText("Oslo has fjords."), name: "researcher", description: "Finds facts.")
            .AsBuilder().UseStatusTracking(_recording.Tracker).Build();
        var tool = researcher.AsAIFunction();
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call1", tool.Name, new Dictionary<string, object?> { ["query"] = "Oslo" }))
            .ThenText("Visit the fjords.");
        var planner = new ChatClientAgent(model, name: "planner", tools: [tool]).AsBuilder().UseStatusTracking(_recording.Tracker).Build();

        var response = await planner.RunAsync("Plan a trip.");

        Assert.Equal("Visit the fjords.", response.Text);
        Assert.Equal(
            [
                "1 Executing: The agent planner is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Completed: Received a response from the model.",
                $"3 in 1 Executing: Running the {tool.Name} tool.",
                "4 in 3 Executing: The agent researcher is working.",
                "5 in 4 Executing: Waiting for the model to respond.",
                "5 in 4 Completed: Received the final answer.",
                "4 in 3 Completed: The agent researcher finished.",
                $"3 in 1 Completed: The {tool.Name} tool finished.",
                "6 in 1 Executing: Sending the tool results back to the model.",
                "6 in 1 Completed: Received the final answer.",
                "1 Completed: The agent planner finished.",
            ],
            _recording.Lines);
    }
}
