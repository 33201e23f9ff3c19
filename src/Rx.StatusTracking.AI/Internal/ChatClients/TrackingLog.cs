using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The warnings of one built pipeline (category <c>Rx.StatusTracking.AI</c>): tracking never throws into the chat, so
/// what it could not record is logged instead, each under its own event id.
/// </summary>
internal sealed partial class TrackingLog(ILogger logger)
{
    /// <summary>A report the tracker refused by throwing (a strict tracker); the chat goes on.</summary>
    public void ReportRefused(int step, StatusState state, Exception refusal) =>
        LogReportRefused(logger, step, state, refusal.GetType().Name, refusal.Message, refusal);

    /// <summary>The argument filter threw for a call; none of its arguments were recorded.</summary>
    public void ArgumentFilterFailed(string toolName, Exception failure) => LogArgumentFilterFailed(logger, toolName, failure);

    /// <summary>The arguments dictionary of a call could not be read (<paramref name="failure"/> is what reading it threw).</summary>
    public void ArgumentsUnreadable(string toolName, Exception failure) =>
        LogArgumentsUnreadable(logger, toolName, failure.GetType().Name, failure);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The tracker refused the {State} status of step {Step} ({ExceptionType}: {Reason}); the chat goes on without it.")]
    private static partial void LogReportRefused(ILogger logger, int step, StatusState state, string exceptionType, string reason, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The argument filter threw for a call of the {ToolName} tool; its arguments were not recorded.")]
    private static partial void LogArgumentFilterFailed(ILogger logger, string toolName, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The arguments of a call of the {ToolName} tool could not be read ({ExceptionType}); none were recorded.")]
    private static partial void LogArgumentsUnreadable(ILogger logger, string toolName, string exceptionType, Exception exception);
}
