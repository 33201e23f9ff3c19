// README:usings
using Microsoft.Agents.AI;             // ChatClientAgent, AIAgent
using Microsoft.Agents.AI.Workflows;   // AgentWorkflowBuilder, InProcessExecution, TurnToken
using Microsoft.Extensions.AI;         // IChatClient, AITool, ChatMessage
using Rx.StatusTracking;               // ChatStatusTracker
using Rx.StatusTracking.Agents;        // UseStatusTracking, WithStatusTracking
// README:end

namespace Rx.StatusTracking.Agents.Tests.Docs;

/// <summary>The README's agents example, compiled and run; <see cref="ReadmeAgentsExampleTests"/> keeps the two equal.</summary>
internal static class ReadmeAgentsExample
{
    public static async Task RunAsync(IChatClient chatClient, AITool searchTool, AIAgent writer, AIAgent reviewer, ChatStatusTracker tracker)
    {
        // README:begin
        // An agent: each run is a step, its model calls and tool calls are steps inside it.
        AIAgent planner = new ChatClientAgent(chatClient, name: "planner", tools: [searchTool])
            .AsBuilder()
            .UseStatusTracking(tracker)
            .Build();
        var plan = await planner.RunAsync("Plan a trip to Oslo.");

        // A workflow: its events pass through unchanged while the workflow and each executor become steps.
        var workflow = AgentWorkflowBuilder.BuildSequential("review", writer, reviewer);
        await using var run = await InProcessExecution.RunStreamingAsync(workflow, new List<ChatMessage> { new(ChatRole.User, plan.Text) });
        await run.TrySendMessageAsync(new TurnToken(emitEvents: true));
        await foreach (var e in run.WatchStreamAsync().WithStatusTracking(tracker, workflow.Name))
        {
            if (e is AgentResponseUpdateEvent update)
            {
                Console.Write(update.Update.Text);   // each agent's answer as it streams
            }
        }
        // README:end
    }
}
