using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Writes a publisher's or a source's <c>Errors</c> to a logger, each report at the level its kind deserves, and tells when
/// the last one is written (the stream completes after the reports made before disposal; should it fail, the failure is
/// logged and that ends it too), so a stopping host logs what was given up before it disposes the logger.
/// </summary>
internal sealed partial class ErrorLogging : IDisposable
{
    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;

    public ErrorLogging(IObservable<RedisStatusError> errors, ILogger logger) =>
        _subscription = errors.Subscribe(
            error => LogReport(logger, LevelOf(error.Kind), error.Kind, error.Message, error.Exception),
            exception =>
            {
                // Not expected (the stream completes without an error), but a stopping host must not wait on it for ever.
                LogFault(logger, exception);
                _written.TrySetResult();
            },
            () => _written.TrySetResult());

    /// <summary>Completes once the stream has completed (or failed) and every report before it is written.</summary>
    public Task Written => _written.Task;

    /// <summary>
    /// Warnings for what costs statuses or needs a look (an outage, drops, losses, entries skipped, operations not mirrored,
    /// fallbacks, reports left out), errors for writes Redis refused for good, information for what the transport does by
    /// design and recovers from (a conflation keeps every step's newest status and ending; a restored connection).
    /// </summary>
    public static LogLevel LevelOf(RedisStatusErrorKind kind) => kind switch
    {
        RedisStatusErrorKind.TransportRestored or RedisStatusErrorKind.StatusesConflated => LogLevel.Information,
        RedisStatusErrorKind.WriteRefused => LogLevel.Error,
        _ => LogLevel.Warning,
    };

    public void Dispose() => _subscription.Dispose();

    [LoggerMessage(EventId = 2, EventName = "RedisStatusErrorsFaulted", Level = LogLevel.Error, Message = "The reports stream failed; no further reports are logged.")]
    private static partial void LogFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1, EventName = "RedisStatusError", Message = "{Kind}: {Report}")]
    private static partial void LogReport(ILogger logger, LogLevel level, RedisStatusErrorKind kind, string report, Exception? exception);
}
