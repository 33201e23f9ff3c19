using Microsoft.AspNetCore.Builder;

namespace Rx.StatusTracking.AspNetCore.Tests.Docs;

/// <summary>The README's web example, compiled; <see cref="ReadmeWebExampleTests"/> keeps the two equal.</summary>
internal static class ReadmeWebExample
{
    public static (WebApplication App, StatusHub Hub) Build(string[] args)
    {
        // README:begin
        var hub = new StatusHub();
        var app = WebApplication.CreateBuilder(args).Build();
        app.UseWebSockets();
        app.MapStatusEndpoints(hub, "/status", new StatusEndpointOptions
        {
            AuthorizeOperation = (http, operationId) => ValueTask.FromResult(http.User.Identity?.IsAuthenticated == true),
        }).RequireAuthorization();
        app.MapStatusDashboard("/");          // the live page; it follows the endpoints under /status
        // README:end
        return (app, hub);
    }
}
