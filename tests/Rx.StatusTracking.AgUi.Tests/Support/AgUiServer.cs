using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, serving an AG-UI endpoint at <c>/agui</c>.</summary>
internal sealed class AgUiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgUiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public Uri Endpoint => new(Address, "/agui");

    public HttpClient Client { get; }

    /// <summary>Starts the server; its log goes to <paramref name="logging"/> alone (nowhere without one).</summary>
    public static async Task<AgUiServer> StartAsync(Action<WebApplication> map, ILoggerProvider? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            builder.Logging.AddProvider(logging);
        }

        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new AgUiServer(app, address);
    }

    public static Task<AgUiServer> StartAsync(StatusHub hub, Microsoft.Extensions.AI.IChatClient model, AgUiEndpointOptions? options = null, ILoggerProvider? logging = null) =>
        StartAsync(app => app.MapAgUiEndpoint("/agui", hub, model, options), logging);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
