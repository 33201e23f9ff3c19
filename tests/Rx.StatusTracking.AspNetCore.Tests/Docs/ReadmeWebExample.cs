// README:usings
using Microsoft.AspNetCore.Authentication.Cookies;
using Rx.StatusTracking;
using Rx.StatusTracking.AspNetCore;
// README:end

// A web project (Sdk.Web) has these implicitly.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.AspNetCore.Tests.Docs;

/// <summary>The README's web example, compiled; <see cref="ReadmeWebExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeWebExample
{
    public static (WebApplication App, StatusHub Hub) Build(string[] args)
    {
        // README:begin
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(); // or your scheme
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWebSockets();

        var hub = new StatusHub();              // operations created as hub.Create($"{userName}-{turn}")
        app.MapStatusEndpoints(hub, "/status", new StatusEndpointOptions
        {
            // Each signed-in user sees their own operations: others answer 403 and are left out of the list.
            AuthorizeOperation = (http, operationId) => ValueTask.FromResult(
                http.User.Identity?.Name is { } user && operationId.StartsWith($"{user}-", StringComparison.Ordinal)),
        }).RequireAuthorization();
        app.MapStatusDashboard("/dash").RequireAuthorization(); // the live page at /dash/, reading /status
        // README:end
        return (app, hub);
    }
}
