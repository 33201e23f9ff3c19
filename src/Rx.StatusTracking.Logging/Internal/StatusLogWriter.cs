using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Internal;

/// <summary>One <see cref="StatusLoggingExtensions.LogTo"/> subscription: picks each entry's wording from what is known.</summary>
internal sealed class StatusLogWriter(ILogger logger, StatusLogOptions options)
{
    private readonly string? _operationId = options.OperationId;
    private readonly LogLevel _failureLevel = options.FailureLevel;
    private readonly bool _stackTraces = options.IncludeStackTrace;

    public void OnNext(ChatStatus status)
    {
        var (step, state, description, sequence, id) = (status.Step, status.State, status.Description, status.Sequence, _operationId);
        if (status.IsReset)
        {
            if (id is null)
            {
                StatusLog.Reset(logger, sequence);
            }
            else
            {
                StatusLog.Reset(logger, sequence, id);
            }
        }
        else if (state == StatusState.Pending)
        {
            if (id is null)
            {
                StatusLog.Pending(logger, step, state, description, sequence);
            }
            else
            {
                StatusLog.Pending(logger, step, state, description, sequence, id);
            }
        }
        else if (state == StatusState.Executing)
        {
            if (id is null)
            {
                StatusLog.Executing(logger, step, state, description, sequence);
            }
            else
            {
                StatusLog.Executing(logger, step, state, description, sequence, id);
            }
        }
        else if (state == StatusState.AwaitingInput)
        {
            // Waiting for a person is news, not trouble: the level of running.
            if (id is null)
            {
                StatusLog.AwaitingInput(logger, step, state, description, sequence);
            }
            else
            {
                StatusLog.AwaitingInput(logger, step, state, description, sequence, id);
            }
        }
        else if (state == StatusState.Completed)
        {
            if (id is null)
            {
                StatusLog.Completed(logger, step, state, description, sequence);
            }
            else
            {
                StatusLog.Completed(logger, step, state, description, sequence, id);
            }
        }
        else
        {
            LogFailure(status);
        }
    }

    /// <summary>
    /// An upstream failure ends the stream (Rx grammar): logged once with the exception, never thrown back at the
    /// producer that called <c>OnError</c>.
    /// </summary>
    public void OnError(Exception exception)
    {
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        if (_operationId is null)
        {
            StatusLog.StreamFailed(logger, exception, type, exception.Message);
        }
        else
        {
            StatusLog.StreamFailed(logger, exception, type, exception.Message, _operationId);
        }
    }

    private void LogFailure(ChatStatus status)
    {
        var (level, step, state, description, sequence, id) = (_failureLevel, status.Step, status.State, status.Description, status.Sequence, _operationId);
        if (status.Error is not { } error)
        {
            if (id is null)
            {
                StatusLog.Failed(logger, level, step, state, description, sequence);
            }
            else
            {
                StatusLog.Failed(logger, level, step, state, description, sequence, id);
            }
        }
        else if (_stackTraces && error.StackTrace is { } trace)
        {
            if (id is null)
            {
                StatusLog.FailedWithStackTrace(logger, level, step, state, description, error.Type, error.Message, sequence, trace);
            }
            else
            {
                StatusLog.FailedWithStackTrace(logger, level, step, state, description, error.Type, error.Message, sequence, id, trace);
            }
        }
        else if (id is null)
        {
            StatusLog.FailedWithError(logger, level, step, state, description, error.Type, error.Message, sequence);
        }
        else
        {
            StatusLog.FailedWithError(logger, level, step, state, description, error.Type, error.Message, sequence, id);
        }
    }
}
