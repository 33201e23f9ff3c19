namespace Rx.StatusTracking;

/// <summary>What happened to an operation of a <see cref="StatusHub"/>.</summary>
public enum OperationEventKind
{
    /// <summary>The operation was created.</summary>
    Added = 0,

    /// <summary>The operation's tracker completed; it stays readable until evicted.</summary>
    Completed = 1,

    /// <summary>The operation was removed (retention expired, room was needed, or the hub was disposed).</summary>
    Evicted = 2,
}
