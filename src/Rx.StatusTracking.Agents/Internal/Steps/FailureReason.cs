namespace Rx.StatusTracking.Agents.Internal;

/// <summary>The reason a failure sentence gives for an exception.</summary>
internal static class FailureReason
{
    public static string Of(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : exception.Message;
}
