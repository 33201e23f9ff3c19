// README:usings
using Rx.StatusTracking;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.Hosting;
// README:end

// A web project (Sdk.Web) has these implicitly.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.Hosting.Tests.Docs;

/// <summary>The README's hosting example, compiled; <see cref="ReadmeHostingExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeHostingExample
{
    public static WebApplication Build(string[] args)
    {
        // README:begin
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddStatusTracking(builder.Configuration.GetSection("StatusTracking")); // the hub, checked at start-up
        builder.Services.AddHealthChecks().AddStatusHub(); // Degraded from 80% of MaxOperations running, Unhealthy when full
        var app = builder.Build();
        app.MapStatusEndpoints(); // the registered hub at /status; protect it as "Status on the web" shows
        app.MapStatusDashboard("/dash");
        app.MapHealthChecks("/healthz");

        // Endpoints and services take the hub from dependency injection.
        app.MapPost("/reports", (StatusHub hub) =>
        {
            var id = $"report-{Guid.NewGuid():N}";
            _ = hub.RunAsync(id, tracker => tracker.RunStepAsync( // ends the operation on every path (see "Lifecycle helpers")
                "Gathering the figures.", ct => Task.Delay(TimeSpan.FromSeconds(1), ct), completedDescription: "The figures are in."));
            return Results.Accepted($"/status/{id}", new { id });
        });
        // README:end
        return app;
    }
}
