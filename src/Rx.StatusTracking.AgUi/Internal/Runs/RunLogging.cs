using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>The entries the AG-UI endpoint logs (category <see cref="Category"/>).</summary>
internal static partial class RunLogging
{
    /// <summary>The logging category of the AG-UI endpoint.</summary>
    public const string Category = "Rx.StatusTracking.AgUi";

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "AG-UI run {RunId} of thread {ThreadId} failed; it ended with RUN_ERROR.")]
    public static partial void RunFailed(ILogger logger, string runId, string threadId, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "AG-UI run {RunId} of thread {ThreadId} was cancelled: {Reason}.")]
    public static partial void RunCancelled(ILogger logger, string runId, string threadId, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "AG-UI run {RunId} of thread {ThreadId} could not be ended as it should; it ended with RUN_ERROR (code internal_error).")]
    public static partial void RunEndFailed(ILogger logger, string runId, string threadId, Exception exception);
}
