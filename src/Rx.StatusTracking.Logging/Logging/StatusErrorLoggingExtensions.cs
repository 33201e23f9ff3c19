using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Logging.Internal;

namespace Rx.StatusTracking.Logging;

/// <summary>Logging of what trackers and hubs report on their <c>Errors</c> streams.</summary>
public static class StatusErrorLoggingExtensions
{
    /// <summary>
    /// Writes every <see cref="StatusTrackingError"/> to <paramref name="logger"/> at the level its
    /// <see cref="StatusTrackingError.Severity"/> names: <see cref="LogLevel.Information"/> for trims of a bounded history
    /// or failure log (the bound doing its job), <see cref="LogLevel.Warning"/> for handled bad input (a lenient fallback,
    /// a refused transition, a report after completion), <see cref="LogLevel.Error"/> for a callback or subscriber that
    /// threw. Each kind has its own event id, 10 plus the kind's value, named after the kind: 10 <c>InvalidArgument</c>, 11 <c>InvalidTransition</c>, 12 <c>ReportAfterCompletion</c>, 13
    /// <c>HistoryTrimmed</c>, 14 <c>FailuresTrimmed</c>, 15 <c>CallbackFailed</c>, 16 <c>SubscriberFailed</c>, 17
    /// <c>RetentionShed</c> (a hub shedding to its memory budget). Entries are
    /// structured, with the fields <c>Kind</c>, <c>Detail</c> (the error's <see cref="StatusTrackingError.Message"/>) and,
    /// when known, <c>OperationId</c> (<see cref="StatusErrorLogOptions.OperationId"/>), <c>ErrorType</c> and
    /// <c>ErrorMessage</c> (of <see cref="StatusTrackingError.Exception"/>, which is also the entry's exception). Nothing
    /// is formatted for levels the logger does not enable.
    /// </summary>
    /// <remarks>
    /// An entry names only what is known: <c>InvalidTransition: Step 1 cannot go from Completed to Executing; the report
    /// was dropped.</c>, with an operation id <c>… (operation chat-42)</c>, and with an exception
    /// <c>SubscriberFailed: A subscriber threw from OnNext; delivery to the others went on. [System.InvalidOperationException: boom] (operation chat-42)</c>.
    /// <para>
    /// Nothing is thrown back at the source: when the stream itself fails (<c>OnError</c>), the failure is logged at
    /// <see cref="LogLevel.Error"/> with event id 9 and the exception, e.g.
    /// <c>The error stream failed; logging stopped [System.IO.IOException: connection lost]</c>, and logging ends.
    /// </para>
    /// </remarks>
    /// <param name="errors">The errors, such as a tracker's <see cref="ChatStatusTracker.Errors"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="options">Optional settings.</param>
    /// <returns>The subscription; dispose it to stop logging.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="errors"/> or <paramref name="logger"/> is null.</exception>
    public static IDisposable LogTo(this IObservable<StatusTrackingError> errors, ILogger logger, StatusErrorLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(logger);
        var writer = new StatusErrorLogWriter(logger, options?.OperationId);
        return errors.Subscribe(writer.OnNext, writer.OnError);
    }

    /// <summary>
    /// Writes the errors of <paramref name="hub"/> and of every operation's tracker to <paramref name="logger"/>, as
    /// <see cref="LogTo"/> does: the hub's own <see cref="StatusHub.Errors"/> without an operation id, each tracker's
    /// <see cref="ChatStatusTracker.Errors"/> with its operation's id. The operations held when it is called are followed
    /// at once, each one added later from its <see cref="OperationEventKind.Added"/> event on, until it is evicted.
    /// </summary>
    /// <remarks>
    /// A tracker is followed from the moment its <see cref="OperationEventKind.Added"/> event reaches this subscription,
    /// which is before <see cref="StatusHub.Create"/> returns unless another thread is delivering the hub's events at that
    /// moment; an error the new tracker reports before then is not logged.
    /// </remarks>
    /// <param name="hub">The hub.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The subscription; dispose it to stop logging.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hub"/> or <paramref name="logger"/> is null.</exception>
    public static IDisposable LogErrorsTo(this StatusHub hub, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(logger);
        return HubErrorLog.Start(hub, logger);
    }
}
