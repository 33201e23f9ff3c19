using Microsoft.AspNetCore.Builder;
using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.Client.Tests.Support;

/// <summary>
/// The real endpoints for a client to follow: a hub served by Kestrel on 127.0.0.1 (port 0) with
/// <c>MapStatusEndpoints</c>, and <see cref="Faults"/> in front of its event streams.
/// </summary>
internal sealed class ClientServer : IAsyncDisposable
{
    /// <summary>How long any one test may wait on the network before it fails instead of hanging.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;

    private ClientServer(StatusHub hub, StatusServer server, EventStreamFaults faults)
    {
        Hub = hub;
        Server = server;
        Faults = faults;
        _http = new HttpClient(faults.ClientHandler()) { BaseAddress = server.Address };
    }

    public StatusHub Hub { get; }

    public StatusServer Server { get; }

    public EventStreamFaults Faults { get; }

    public static async Task<ClientServer> StartAsync(
        EventStreamFaults? faults = null,
        StatusHubOptions? hubOptions = null,
        StatusEndpointOptions? endpointOptions = null,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configurePipeline = null,
        Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? configureEndpoints = null)
    {
        faults ??= new EventStreamFaults();
        var hub = new StatusHub(hubOptions);
        var server = await StatusServer.StartAsync(hub, endpointOptions, configureServices, app =>
        {
            configurePipeline?.Invoke(app);
            faults.Install(app);
        }, configureEndpoints);
        return new ClientServer(hub, server, faults);
    }

    /// <summary>A client of this server, with fast reconnects on the real clock unless the options say otherwise.</summary>
    public StatusStreamClient Client(StatusStreamClientOptions? options = null) =>
        new(_http, options ?? FastReconnects());

    public static StatusStreamClientOptions FastReconnects() =>
        new() { InitialReconnectDelay = TimeSpan.FromMilliseconds(10), MaxReconnectDelay = TimeSpan.FromMilliseconds(50) };

    /// <summary>Every status until the enumeration ends, within <see cref="Bound"/>.</summary>
    public static async Task<List<ChatStatus>> ReadAllAsync(IAsyncEnumerable<ChatStatus> statuses)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var seen = new List<ChatStatus>();
        await foreach (var status in statuses.WithCancellation(timeout.Token))
        {
            seen.Add(status);
        }

        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        Hub.Dispose();
    }
}
