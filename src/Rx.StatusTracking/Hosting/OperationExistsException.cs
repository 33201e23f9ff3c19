namespace Rx.StatusTracking;

/// <summary>
/// A <see cref="StatusHub"/> refused a new operation because it already holds one with the same id (running, or completed
/// and not evicted yet). An <see cref="ArgumentException"/> for <c>operationId</c>, typed so an app can answer it apart,
/// such as an HTTP 409 Conflict.
/// </summary>
public sealed class OperationExistsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operationId">The id already in use.</param>
    public OperationExistsException(string operationId)
        : base($"An operation with id '{operationId}' already exists.", nameof(operationId))
    {
        OperationId = operationId;
    }

    /// <summary>The id already in use.</summary>
    public string OperationId { get; }
}
