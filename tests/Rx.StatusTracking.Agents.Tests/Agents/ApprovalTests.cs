using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.Agents.Tests.Support;

namespace Rx.StatusTracking.Agents.Tests.Agents;

public sealed class ApprovalTests : IDisposable
{
    private readonly Recording _recording = new();

    public void Dispose() => _recording.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_call_waiting_for_approval_runs_or_fails_on_the_step_that_waited(bool approve)
    {
        var runs = 0;
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call1", "delete_file", new Dictionary<string, object?> { ["path"] = "a.txt" }))
            .ThenText("Done.");
        var deleteFile = new ApprovalRequiredAIFunction(AIFunctionFactory.Create((string path) => runs++, "delete_file"));
        var agent = new ChatClientAgent(model, name: "janitor", tools: [deleteFile]).AsBuilder().UseStatusTracking(_recording.Tracker).Build();
        var session = await agent.CreateSessionAsync();

        var first = await agent.RunAsync("Clean up.", session);
        var request = first.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Single();
        await agent.RunAsync(new ChatMessage(ChatRole.User, [request.CreateResponse(approve)]), session);

        Assert.Equal(approve ? 1 : 0, runs);
        string[] ending = approve
            ?
            [
                "3 in 1 Executing: Running the delete_file tool.",
                "3 in 1 Completed: The delete_file tool finished.",
            ]
            :
            [
                "3 in 1 Failed: The delete_file tool failed: not run: its approval was rejected.",
            ];

        // The approved call runs before the second run's model call, which sends its result (or the rejection).
        Assert.Equal(
            [
                "1 Executing: The agent janitor is working.",
                "2 in 1 Executing: Waiting for the model to respond.",
                "2 in 1 Completed: Received a response from the model.",
                "3 in 1 AwaitingInput: The delete_file tool is waiting for approval.",
                "1 Completed: The agent janitor finished.",
                "4 Executing: The agent janitor is working.",
                .. ending,
                "5 in 4 Executing: Sending the tool results back to the model.",
                "5 in 4 Completed: Received the final answer.",
                "4 Completed: The agent janitor finished.",
            ],
            _recording.Lines);
        Assert.Equal("call1", Assert.IsType<ToolCallData>(_recording.Tracker.History[3].Data).CallId);
    }
}
