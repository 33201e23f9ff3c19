// README:usings
// Packages: Rx.StatusTracking.AgUi (brings Rx.StatusTracking, Rx.StatusTracking.AI and Microsoft.Extensions.AI), in a
// web project (Sdk.Web); for the agent (3.) also Rx.StatusTracking.Agents (brings Microsoft.Agents.AI).
using System.Runtime.CompilerServices; // EnumeratorCancellation
using Microsoft.Agents.AI;       // AIAgent, AsChatResponseUpdatesAsync (Microsoft.Agents.AI)
using Microsoft.Extensions.AI;   // IChatClient, ChatResponseUpdate, AIFunctionFactory (Microsoft.Extensions.AI)
using Rx.StatusTracking;         // StatusHub
using Rx.StatusTracking.AgUi;    // MapAgUiEndpoint, AgUiEndpointOptions, AgUiRunContext
using Rx.StatusTracking.AI;      // ChatStatusScope
using Rx.StatusTracking.Agents;  // UseStatusTracking on AIAgentBuilder
// README:end

// A web project (Sdk.Web) has these implicitly.
using Microsoft.AspNetCore.Builder;

namespace Rx.StatusTracking.AgUi.Tests.Docs;

/// <summary>The README's AG-UI example, compiled; <see cref="ReadmeAgUiExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeAgUiExample
{
    public static (WebApplication App, StatusHub Hub) Build(string[] args, IChatClient chatClient, AIAgent planner)
    {
        // README:begin
        var app = WebApplication.CreateBuilder(args).Build();
        var hub = new StatusHub(); // each run is an operation of the hub: MapStatusEndpoints and the dashboard show it too

        // 1. Your own code answers: it reports steps on run.Tracker and streams the text (an async iterator, as a local
        //    function: a lambda cannot be one).
        app.MapAgUiEndpoint("/agui/simple", hub, Answer);

        static async IAsyncEnumerable<ChatResponseUpdate> Answer(AgUiRunContext run, [EnumeratorCancellation] CancellationToken ct)
        {
            var step = run.Tracker.ReserveStep();
            run.Tracker.Executing(step, "Looking up the forecast.");
            await Task.Delay(100, ct); // your work
            run.Tracker.Completed(step, "Found the forecast.");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "It is sunny in Oslo.");
        }

        // 2. A chat model. chatClient: your model's IChatClient (e.g. OpenAI's, from its package), WITHOUT
        //    UseFunctionInvocation(): the endpoint adds UseStatusTracking (with function invocation) on top.
        var options = new AgUiEndpointOptions();
        options.Tools.Add(AIFunctionFactory.Create((string query) => $"Results for {query}", "web_search"));
        app.MapAgUiEndpoint("/agui", hub, chatClient, options);

        // 3. An Agent Framework agent. planner: your AIAgent (e.g. new ChatClientAgent(modelClient, name: "planner"));
        //    its tracking reads the run's tracker from ChatStatusScope.
        var tracked = planner.AsBuilder().UseStatusTracking((_, _, _, _) => ChatStatusScope.Current).Build();
        app.MapAgUiEndpoint("/agui/planner", hub, (run, cancellationToken) =>
            tracked.RunStreamingAsync(run.Messages, cancellationToken: cancellationToken).AsChatResponseUpdatesAsync());
        // README:end
        return (app, hub);
    }
}
