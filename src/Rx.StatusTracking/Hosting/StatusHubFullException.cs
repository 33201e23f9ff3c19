namespace Rx.StatusTracking;

/// <summary>
/// A <see cref="StatusHub"/> refused a new operation: it holds <see cref="StatusHubOptions.MaxOperations"/> operations and
/// none has completed, or it retains more than its memory budget (<see cref="StatusHubOptions.MaxRetainedBytes"/>) with
/// nothing left to shed.
/// </summary>
public sealed class StatusHubFullException : InvalidOperationException
{
    /// <summary>Creates the exception for a hub holding its most operations, all running.</summary>
    /// <param name="operationId">The refused operation's id.</param>
    /// <param name="maxOperations">The hub's limit.</param>
    public StatusHubFullException(string operationId, int maxOperations)
        : base($"Operation '{operationId}' was refused: the hub holds {maxOperations} operations and all of them are still running.")
    {
        OperationId = operationId;
        MaxOperations = maxOperations;
    }

    /// <summary>Creates the exception for a hub over its memory budget.</summary>
    /// <param name="operationId">The refused operation's id.</param>
    /// <param name="maxOperations">The hub's limit of operations.</param>
    /// <param name="maxRetainedBytes">The hub's memory budget.</param>
    /// <param name="retainedBytes">What the hub retained, as estimated, when it refused.</param>
    public StatusHubFullException(string operationId, int maxOperations, long maxRetainedBytes, long retainedBytes)
        : base($"Operation '{operationId}' was refused: the hub retains about {retainedBytes} bytes, more than its budget of {maxRetainedBytes}, and has nothing left to shed; it takes new operations again once it is within budget (operations completing can be shed, evicted ones free their share).")
    {
        OperationId = operationId;
        MaxOperations = maxOperations;
        MaxRetainedBytes = maxRetainedBytes;
        RetainedBytes = retainedBytes;
    }

    /// <summary>The refused operation's id.</summary>
    public string OperationId { get; }

    /// <summary>The hub's limit of operations.</summary>
    public int MaxOperations { get; }

    /// <summary>The hub's memory budget, when the refusal was for it; otherwise <see langword="null"/>.</summary>
    public long? MaxRetainedBytes { get; }

    /// <summary>What the hub retained when it refused for its budget; otherwise <see langword="null"/>.</summary>
    public long? RetainedBytes { get; }
}
