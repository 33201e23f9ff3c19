namespace Rx.StatusTracking;

/// <summary>A <see cref="StatusHub"/> refused a new operation: it holds <see cref="StatusHubOptions.MaxOperations"/> operations and none has completed.</summary>
public sealed class StatusHubFullException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operationId">The refused operation's id.</param>
    /// <param name="maxOperations">The hub's limit.</param>
    public StatusHubFullException(string operationId, int maxOperations)
        : base($"Operation '{operationId}' was refused: the hub holds {maxOperations} operations and all of them are still running.")
    {
        OperationId = operationId;
        MaxOperations = maxOperations;
    }

    /// <summary>The refused operation's id.</summary>
    public string OperationId { get; }

    /// <summary>The hub's limit.</summary>
    public int MaxOperations { get; }
}
