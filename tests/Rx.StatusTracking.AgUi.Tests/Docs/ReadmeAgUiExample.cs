// README:usings
using Microsoft.Agents.AI;       // AIAgent, AsChatResponseUpdatesAsync
using Microsoft.Extensions.AI;   // IChatClient, AIFunctionFactory
using Rx.StatusTracking;         // StatusHub
using Rx.StatusTracking.AgUi;    // MapAgUiEndpoint, AgUiEndpointOptions
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

        // A chat model: the endpoint adds UseStatusTracking on top (give the model's client, without UseFunctionInvocation).
        var options = new AgUiEndpointOptions();
        options.Tools.Add(AIFunctionFactory.Create((string query) => $"Results for {query}", "web_search"));
        app.MapAgUiEndpoint("/agui", hub, chatClient, options);

        // An Agent Framework agent: its tracking reads the run's tracker from ChatStatusScope.
        var tracked = planner.AsBuilder().UseStatusTracking((_, _, _, _) => ChatStatusScope.Current).Build();
        app.MapAgUiEndpoint("/agui/planner", hub, (run, cancellationToken) =>
            tracked.RunStreamingAsync(run.Messages, cancellationToken: cancellationToken).AsChatResponseUpdatesAsync());
        // README:end
        return (app, hub);
    }
}
