using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The connection of the hosted publisher and mirror: the <see cref="IConnectionMultiplexer"/> of the service provider when it
/// has one (never disposed here: its owner disposes it), else one connection per connection string, made once, shared by
/// the services given that string, and disposed with the service provider.
/// </summary>
internal sealed class HostedConnections(IServiceProvider services) : IAsyncDisposable
{
    private readonly Dictionary<string, Task<ConnectionMultiplexer>> _created = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The connection to use.</summary>
    /// <param name="connectionString">The options' connection string (validated), used when the provider has no multiplexer.</param>
    /// <param name="cancellationToken">Stops waiting for the connection (it is still made, and disposed with the rest).</param>
    /// <exception cref="InvalidOperationException">Neither a multiplexer nor a connection string (validation said so already).</exception>
    public async Task<IConnectionMultiplexer> GetAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (services.GetService<IConnectionMultiplexer>() is { } shared)
        {
            return shared;
        }

        if (connectionString is null)
        {
            throw new InvalidOperationException(RedisOptionsValidation.NoConnection);
        }

        Task<ConnectionMultiplexer> connecting;
        lock (_created)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_created.TryGetValue(connectionString, out connecting!))
            {
                connecting = ConnectionMultiplexer.ConnectAsync(RedisConnectionString.Parse(connectionString));
                _created.Add(connectionString, connecting);
            }
        }

        return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the connections made here, once each is made.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>[] created;
        lock (_created)
        {
            _disposed = true;
            created = [.. _created.Values];
            _created.Clear();
        }

        foreach (var connecting in created)
        {
            try
            {
                await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (RedisConnectionException)
            {
                // It never connected (abortConnect=true and Redis down): there is nothing to dispose.
            }
        }
    }
}
