using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging;

/// <summary>The source-generated log messages (one event id each, structured fields).</summary>
internal static partial class StatusLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Pending(ILogger logger, int step, StatusState state, string description, long sequence, string? operationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Executing(ILogger logger, int step, StatusState state, string description, long sequence, string? operationId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Completed(ILogger logger, int step, StatusState state, string description, long sequence, string? operationId);

    [LoggerMessage(EventId = 4, Message = "Step {Step} {State}: {Description} [{ErrorType}: {ErrorMessage}] (#{Sequence}, operation {OperationId}){StackTrace}")]
    public static partial void Failed(ILogger logger, LogLevel level, int step, StatusState state, string description, string? errorType, string? errorMessage, long sequence, string? operationId, string stackTrace);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Status tracking was reset (#{Sequence}, operation {OperationId})")]
    public static partial void Reset(ILogger logger, long sequence, string? operationId);
}
