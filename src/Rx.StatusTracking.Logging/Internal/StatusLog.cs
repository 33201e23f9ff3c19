using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Internal;

/// <summary>
/// The source-generated log messages, one event id per kind of entry and structured fields. Each kind has a wording
/// without and with an operation id, and failures one per error detail known, so that no entry shows an empty
/// placeholder; the event id and the fields' names stay the same across a kind's wordings.
/// </summary>
#pragma warning disable SYSLIB1006 // The wordings of one kind of entry share its event id on purpose.
internal static partial class StatusLog
{
    public const int PendingId = 1;
    public const int ExecutingId = 2;
    public const int CompletedId = 3;
    public const int FailedId = 4;
    public const int ResetId = 5;
    public const int StreamFailedId = 6;
    public const int AwaitingInputId = 7;

    [LoggerMessage(EventId = PendingId, Level = LogLevel.Debug, Message = "Step {Step} {State}: {Description} (#{Sequence})")]
    public static partial void Pending(ILogger logger, int step, StatusState state, string description, long sequence);

    [LoggerMessage(EventId = PendingId, Level = LogLevel.Debug, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Pending(ILogger logger, int step, StatusState state, string description, long sequence, string operationId);

    [LoggerMessage(EventId = ExecutingId, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence})")]
    public static partial void Executing(ILogger logger, int step, StatusState state, string description, long sequence);

    [LoggerMessage(EventId = ExecutingId, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Executing(ILogger logger, int step, StatusState state, string description, long sequence, string operationId);

    [LoggerMessage(EventId = AwaitingInputId, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence})")]
    public static partial void AwaitingInput(ILogger logger, int step, StatusState state, string description, long sequence);

    [LoggerMessage(EventId = AwaitingInputId, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void AwaitingInput(ILogger logger, int step, StatusState state, string description, long sequence, string operationId);

    [LoggerMessage(EventId = CompletedId, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence})")]
    public static partial void Completed(ILogger logger, int step, StatusState state, string description, long sequence);

    [LoggerMessage(EventId = CompletedId, Level = LogLevel.Information, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Completed(ILogger logger, int step, StatusState state, string description, long sequence, string operationId);

    [LoggerMessage(EventId = FailedId, Message = "Step {Step} {State}: {Description} (#{Sequence})")]
    public static partial void Failed(ILogger logger, LogLevel level, int step, StatusState state, string description, long sequence);

    [LoggerMessage(EventId = FailedId, Message = "Step {Step} {State}: {Description} (#{Sequence}, operation {OperationId})")]
    public static partial void Failed(ILogger logger, LogLevel level, int step, StatusState state, string description, long sequence, string operationId);

    [LoggerMessage(EventId = FailedId, Message = "Step {Step} {State}: {Description} [{ErrorType}: {ErrorMessage}] (#{Sequence})")]
    public static partial void FailedWithError(ILogger logger, LogLevel level, int step, StatusState state, string description, string errorType, string errorMessage, long sequence);

    [LoggerMessage(EventId = FailedId, Message = "Step {Step} {State}: {Description} [{ErrorType}: {ErrorMessage}] (#{Sequence}, operation {OperationId})")]
    public static partial void FailedWithError(ILogger logger, LogLevel level, int step, StatusState state, string description, string errorType, string errorMessage, long sequence, string operationId);

    [LoggerMessage(EventId = FailedId, Message = "Step {Step} {State}: {Description} [{ErrorType}: {ErrorMessage}] (#{Sequence})\n{StackTrace}")]
    public static partial void FailedWithStackTrace(ILogger logger, LogLevel level, int step, StatusState state, string description, string errorType, string errorMessage, long sequence, string stackTrace);

    [LoggerMessage(EventId = FailedId, Message = "Step {Step} {State}: {Description} [{ErrorType}: {ErrorMessage}] (#{Sequence}, operation {OperationId})\n{StackTrace}")]
    public static partial void FailedWithStackTrace(ILogger logger, LogLevel level, int step, StatusState state, string description, string errorType, string errorMessage, long sequence, string operationId, string stackTrace);

    [LoggerMessage(EventId = ResetId, Level = LogLevel.Information, Message = "Status tracking was reset (#{Sequence})")]
    public static partial void Reset(ILogger logger, long sequence);

    [LoggerMessage(EventId = ResetId, Level = LogLevel.Information, Message = "Status tracking was reset (#{Sequence}, operation {OperationId})")]
    public static partial void Reset(ILogger logger, long sequence, string operationId);

    [LoggerMessage(EventId = StreamFailedId, Level = LogLevel.Error, Message = "The status stream failed; logging stopped [{ErrorType}: {ErrorMessage}]")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string errorType, string errorMessage);

    [LoggerMessage(EventId = StreamFailedId, Level = LogLevel.Error, Message = "The status stream failed; logging stopped [{ErrorType}: {ErrorMessage}] (operation {OperationId})")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string errorType, string errorMessage, string operationId);
}
#pragma warning restore SYSLIB1006
