using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Internal;

/// <summary>
/// The log messages of <see cref="StatusTrackingError"/>s: one event id per <see cref="StatusTrackingErrorKind"/>, at the
/// level of its severity, each with a wording without and with an operation id and an exception, so that no entry shows an
/// empty placeholder. Defined once per kind (the source generator needs a constant event id per method; the kinds are
/// read from the core assembly at run time, so a newer core's kinds get their own ids too).
/// </summary>
internal static partial class StatusErrorLog
{
    public const int FirstKindId = 10;
    public const int StreamFailedId = 9;

    private static readonly ConcurrentDictionary<StatusTrackingErrorKind, KindMessages> ByKind = new();

    public static KindMessages For(StatusTrackingErrorKind kind) => ByKind.GetOrAdd(kind, static k => new KindMessages(k));

    [LoggerMessage(EventId = StreamFailedId, Level = LogLevel.Error, Message = "The error stream failed; logging stopped [{ErrorType}: {ErrorMessage}]")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string errorType, string errorMessage);

    [LoggerMessage(EventId = StreamFailedId, Level = LogLevel.Error, Message = "The error stream failed; logging stopped [{ErrorType}: {ErrorMessage}] (operation {OperationId})")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string errorType, string errorMessage, string operationId);

    /// <summary>The four wordings of one kind, sharing its event id and level.</summary>
    internal sealed class KindMessages
    {
        public KindMessages(StatusTrackingErrorKind kind)
        {
            var id = new EventId(FirstKindId + (int)kind, kind.ToString());
            var level = new StatusTrackingError(kind, string.Empty, default).Severity switch
            {
                StatusTrackingSeverity.Information => LogLevel.Information,
                StatusTrackingSeverity.Error => LogLevel.Error,
                _ => LogLevel.Warning,
            };
            Level = level;
            Plain = LoggerMessage.Define<StatusTrackingErrorKind, string>(level, id, "{Kind}: {Detail}");
            WithOperation = LoggerMessage.Define<StatusTrackingErrorKind, string, string>(level, id, "{Kind}: {Detail} (operation {OperationId})");
            WithError = LoggerMessage.Define<StatusTrackingErrorKind, string, string, string>(level, id, "{Kind}: {Detail} [{ErrorType}: {ErrorMessage}]");
            WithErrorAndOperation = LoggerMessage.Define<StatusTrackingErrorKind, string, string, string, string>(level, id, "{Kind}: {Detail} [{ErrorType}: {ErrorMessage}] (operation {OperationId})");
        }

        public LogLevel Level { get; }

        public Action<ILogger, StatusTrackingErrorKind, string, Exception?> Plain { get; }

        public Action<ILogger, StatusTrackingErrorKind, string, string, Exception?> WithOperation { get; }

        public Action<ILogger, StatusTrackingErrorKind, string, string, string, Exception?> WithError { get; }

        public Action<ILogger, StatusTrackingErrorKind, string, string, string, string, Exception?> WithErrorAndOperation { get; }
    }
}
