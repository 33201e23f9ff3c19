using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Internal;

/// <summary>One <see cref="StatusErrorLoggingExtensions.LogTo"/> subscription: picks each entry's wording from what is known.</summary>
internal sealed class StatusErrorLogWriter(ILogger logger, string? operationId)
{
    public void OnNext(StatusTrackingError error)
    {
        var messages = StatusErrorLog.For(error.Kind);
        if (!logger.IsEnabled(messages.Level))
        {
            return;
        }

        if (error.Exception is not { } exception)
        {
            if (operationId is null)
            {
                messages.Plain(logger, error.Kind, error.Message, null);
            }
            else
            {
                messages.WithOperation(logger, error.Kind, error.Message, operationId, null);
            }
        }
        else if (operationId is null)
        {
            messages.WithError(logger, error.Kind, error.Message, TypeName(exception), exception.Message, exception);
        }
        else
        {
            messages.WithErrorAndOperation(logger, error.Kind, error.Message, TypeName(exception), exception.Message, operationId, exception);
        }
    }

    /// <summary>
    /// An upstream failure ends the stream (Rx grammar): logged once with the exception, never thrown back at the
    /// source that called <c>OnError</c>.
    /// </summary>
    public void OnError(Exception exception)
    {
        if (operationId is null)
        {
            StatusErrorLog.StreamFailed(logger, exception, TypeName(exception), exception.Message);
        }
        else
        {
            StatusErrorLog.StreamFailed(logger, exception, TypeName(exception), exception.Message, operationId);
        }
    }

    private static string TypeName(Exception exception) => exception.GetType().FullName ?? exception.GetType().Name;
}
