namespace Rx.StatusTracking.AI.Internal;

/// <summary>How a failure is worded: the caller's own cancellation is no failure of the model or the tool.</summary>
internal static class FailureReason
{
    /// <summary>What a failure says: "cancelled" when the caller cancelled, else the exception's message.</summary>
    public static string Of(Exception exception, CancellationToken cancellationToken) =>
        IsCancellation(exception, cancellationToken) ? "cancelled" : exception.Message;

    /// <summary>Whether <paramref name="exception"/> is the caller's cancellation rather than a failure.</summary>
    public static bool IsCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;
}
