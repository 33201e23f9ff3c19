namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>Tests against one hub served by a real Kestrel for the whole test (a fresh pair per test).</summary>
public abstract class HubServerTests(StatusEndpointOptions? options = null, StatusHubOptions? hubOptions = null) : IAsyncLifetime
{
    /// <summary>How long any one test may wait on the network before it fails instead of hanging.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    protected StatusHub Hub { get; } = new(hubOptions);

    protected StatusServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await StartServerAsync(options);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Hub.Dispose();
    }

    /// <summary>Starts the server of <see cref="Hub"/>; a test class with another app around the endpoints overrides it.</summary>
    protected virtual Task<StatusServer> StartServerAsync(StatusEndpointOptions? endpointOptions) => StatusServer.StartAsync(Hub, endpointOptions);
}
