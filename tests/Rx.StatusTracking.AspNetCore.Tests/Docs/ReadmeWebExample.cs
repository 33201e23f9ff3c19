// README:usings
using System.Collections.Concurrent;
using System.Reactive.Linq;
using Microsoft.AspNetCore.Authentication.Cookies;
using Rx.StatusTracking;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.Hosting;
// README:end

// A web project (Sdk.Web) has these implicitly.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.AspNetCore.Tests.Docs;

/// <summary>The README's web example, compiled; <see cref="ReadmeWebExampleTests"/> keeps the two equal and runs it.</summary>
internal static class ReadmeWebExample
{
    public static (WebApplication App, StatusHub Hub, Func<string, ChatStatusTracker> StartTurn) Build(string[] args)
    {
        // README:begin
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddStatusTracking(builder.Configuration.GetSection("StatusTracking")); // the StatusHub (see above)
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(); // or your scheme
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWebSockets();

        var hub = app.Services.GetRequiredService<StatusHub>();
        var owners = new ConcurrentDictionary<string, string>(); // operation id -> the user who started it
        hub.Events.Where(e => e.Kind == OperationEventKind.Evicted).Subscribe(e => owners.TryRemove(e.OperationId, out _));
        app.MapStatusEndpoints("/status", new StatusEndpointOptions
        {
            // Each signed-in user sees the operations they started: others answer 403 and are left out of the list.
            AuthorizeOperation = (http, operationId) => ValueTask.FromResult(
                owners.TryGetValue(operationId, out var owner) && owner == http.User.Identity?.Name),
        }).RequireAuthorization();
        app.MapStatusDashboard("/dash").RequireAuthorization(); // the live page at /dash/, reading /status

        // Where a signed-in user starts a turn: an id nobody can guess, its owner recorded before anyone can ask.
        ChatStatusTracker StartTurn(string user)
        {
            var id = $"turn-{Guid.NewGuid():N}";
            owners[id] = user;
            return hub.Create(id);
        }
        // README:end
        return (app, hub, StartTurn);
    }
}
