// README:usings
using Microsoft.Extensions.AI;   // AddChatClient, IChatClient
using Rx.StatusTracking;         // StatusHub, ChatStatusTracker
using Rx.StatusTracking.AI;      // UseStatusTracking
// README:end

// A web project (Sdk.Web) has these implicitly.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.AI.Tests.Docs;

/// <summary>The README's per-request selector, compiled; <see cref="ReadmeChatExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeChatExample
{
    public static WebApplication Build(string[] args, IChatClient openAiClient)
    {
        // README:begin
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(new StatusHub());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddChatClient(openAiClient)
            .UseStatusTracking((services, messages, options) =>
            {
                var http = services.GetRequiredService<IHttpContextAccessor>().HttpContext;
                if (http?.GetRouteValue("id") is not string id)
                {
                    return null; // not a /chat/{id} request: untracked
                }

                // The request's operation: made by its first chat call, completed once the response is sent.
                if (http.Items[typeof(ChatStatusTracker)] is not ChatStatusTracker tracker)
                {
                    tracker = services.GetRequiredService<StatusHub>().Create(id);
                    http.Items[typeof(ChatStatusTracker)] = tracker;
                    http.Response.OnCompleted(() => { tracker.Complete(); return Task.CompletedTask; });
                }

                return tracker;
            });

        var app = builder.Build();
        app.MapPost("/chat/{id}", async (string id, string question, IChatClient chat) =>
            (await chat.GetResponseAsync(question)).Text);
        // README:end
        return app;
    }
}
