using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rx.StatusTracking.Logging;

namespace Rx.StatusTracking.Hosting.Internal;

/// <summary>Logs the hub's and its trackers' errors (<see cref="StatusErrorLoggingExtensions.LogErrorsTo"/>) while the host runs.</summary>
internal sealed class HubErrorLogging(StatusHub hub, ILoggerFactory loggers, IOptions<StatusHubLoggingOptions> options) : IHostedService, IDisposable
{
    private IDisposable? _logging;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.LogErrors)
        {
            _logging = hub.LogErrorsTo(loggers.CreateLogger(StatusHubLoggingOptions.Category));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _logging, null)?.Dispose();
}
