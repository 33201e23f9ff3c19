using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>What a started hosted transport holds: its connection, its publisher or source, and the log of its reports.</summary>
/// <param name="redis">The connection it uses.</param>
/// <param name="logging">The log its <c>Errors</c> go to.</param>
internal abstract class HostedRun(IConnectionMultiplexer redis, ErrorLogging logging)
{
    public IConnectionMultiplexer Redis { get; } = redis;

    /// <summary>Ends the run, then waits until its last reports are logged (so a stopping host logs them before it disposes the logger).</summary>
    /// <param name="stopping">The host's stop token; <see langword="null"/> when the service provider is disposed without a stop.</param>
    public async Task EndAsync(CancellationToken? stopping)
    {
        await CloseAsync(stopping).ConfigureAwait(false);
        await logging.Written.ConfigureAwait(false);
        logging.Dispose();
    }

    /// <summary>Stops following, and closes the publisher or source (which completes its <c>Errors</c>).</summary>
    protected abstract ValueTask CloseAsync(CancellationToken? stopping);
}
