namespace Rx.StatusTracking.Internal;

/// <summary>How an operation run by a lifecycle helper ended, which decides what its open steps record.</summary>
internal enum OperationOutcome
{
    /// <summary>The work returned, or the scope was marked successful.</summary>
    Succeeded,

    /// <summary>The work threw (or the scope was given the exception).</summary>
    Failed,

    /// <summary>The work threw an <see cref="OperationCanceledException"/> for the caller's token.</summary>
    Cancelled,

    /// <summary>A scope was disposed without being marked successful or failed.</summary>
    Abandoned,
}
