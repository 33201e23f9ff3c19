using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging;

/// <summary>Logging of a status stream.</summary>
public static class StatusLoggingExtensions
{
    /// <summary>
    /// Writes every status to <paramref name="logger"/>: <see cref="LogLevel.Debug"/> for Pending,
    /// <see cref="LogLevel.Information"/> for Executing and Completed, <see cref="StatusLogOptions.FailureLevel"/> for
    /// Failed (with the captured error's type and message), as structured entries with the fields <c>Step</c>,
    /// <c>State</c>, <c>Description</c>, <c>Sequence</c> and <c>OperationId</c> (plus <c>ErrorType</c> and
    /// <c>ErrorMessage</c> for failures). Nothing is formatted for levels the logger does not enable.
    /// </summary>
    /// <param name="source">The statuses.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The subscription; dispose it to stop logging.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="logger"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="StatusLogOptions.FailureLevel"/> is neither Warning nor Error.</exception>
    public static IDisposable LogTo(this IObservable<ChatStatus> source, ILogger logger, StatusLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(logger);
        options ??= new StatusLogOptions();
        if (options.FailureLevel is not (LogLevel.Warning or LogLevel.Error))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FailureLevel, "StatusLogOptions.FailureLevel must be Warning or Error.");
        }

        var operationId = options.OperationId;
        var failureLevel = options.FailureLevel;
        var stackTraces = options.IncludeStackTrace;
        return source.Subscribe(status =>
        {
            if (status.IsReset)
            {
                StatusLog.Reset(logger, status.Sequence, operationId);
                return;
            }

            switch (status.State)
            {
                case StatusState.Pending:
                    StatusLog.Pending(logger, status.Step, status.State, status.Description, status.Sequence, operationId);
                    break;
                case StatusState.Executing:
                    StatusLog.Executing(logger, status.Step, status.State, status.Description, status.Sequence, operationId);
                    break;
                case StatusState.Completed:
                    StatusLog.Completed(logger, status.Step, status.State, status.Description, status.Sequence, operationId);
                    break;
                default:
                    var stackTrace = stackTraces && status.Error?.StackTrace is { } trace ? Environment.NewLine + trace : "";
                    StatusLog.Failed(logger, failureLevel, status.Step, status.State, status.Description, status.Error?.Type, status.Error?.Message, status.Sequence, operationId, stackTrace);
                    break;
            }
        });
    }
}
