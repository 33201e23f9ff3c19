using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, serving a hub's endpoints and the dashboard.</summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusServer(WebApplication app, Uri address, HttpClient client)
    {
        _app = app;
        Address = address;
        Client = client;
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<StatusServer> StartAsync(
        StatusHub hub,
        StatusEndpointOptions? options = null,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configurePipeline = null,
        Action<RouteGroupBuilder>? configureEndpoints = null,
        string dashboardPrefix = "/")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        configureServices?.Invoke(builder);
        var app = builder.Build();
        app.UseWebSockets();
        configurePipeline?.Invoke(app);
        var endpoints = app.MapStatusEndpoints(hub, "/status", options);
        configureEndpoints?.Invoke(endpoints);
        app.MapStatusDashboard(dashboardPrefix, "/status");
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new StatusServer(app, address, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) });
    }

    public Uri WebSocketUri(string relative) => new UriBuilder(new Uri(Address, relative)) { Scheme = "ws" }.Uri;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
