using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Logging.Internal;

namespace Rx.StatusTracking.Logging;

/// <summary>Logging of a status stream.</summary>
public static class StatusLoggingExtensions
{
    /// <summary>
    /// Writes every status to <paramref name="logger"/>: <see cref="LogLevel.Debug"/> for Pending,
    /// <see cref="LogLevel.Information"/> for Executing, AwaitingInput, Completed and resets, <see cref="StatusLogOptions.FailureLevel"/>
    /// for Failed, as structured entries with the event ids 1 (Pending), 2 (Executing), 3 (Completed), 4 (Failed),
    /// 5 (reset) and 7 (AwaitingInput), and the fields <c>Step</c>, <c>State</c>, <c>Description</c>, <c>Sequence</c> and, when
    /// <see cref="StatusLogOptions.OperationId"/> is set, <c>OperationId</c>. Nothing is formatted for levels the
    /// logger does not enable.
    /// </summary>
    /// <remarks>
    /// An entry names only what is known: <c>Step 2 Completed: done (#5)</c>, or
    /// <c>Step 2 Completed: done (#5, operation chat-42)</c> with an operation id. A failure that captured an error
    /// adds its type and message (fields <c>ErrorType</c> and <c>ErrorMessage</c>):
    /// <c>Step 3 Failed: The search failed. [System.TimeoutException: slow] (#6)</c>; with
    /// <see cref="StatusLogOptions.IncludeStackTrace"/> and a captured stack trace, that trace follows on the next
    /// lines (field <c>StackTrace</c>).
    /// <para>
    /// Nothing is thrown back at the producer: when the stream itself fails (<c>OnError</c>, say a transport broke),
    /// the failure is logged at <see cref="LogLevel.Error"/> with event id 6 and the exception, e.g.
    /// <c>The status stream failed; logging stopped [System.IO.IOException: connection lost]</c>, and logging ends.
    /// </para>
    /// </remarks>
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
        options.Validate();

        var writer = new StatusLogWriter(logger, options);
        return source.Subscribe(writer.OnNext, writer.OnError);
    }
}
