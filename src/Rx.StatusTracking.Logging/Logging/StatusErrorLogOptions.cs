namespace Rx.StatusTracking.Logging;

/// <summary>Settings of <see cref="StatusErrorLoggingExtensions.LogTo"/>.</summary>
public sealed class StatusErrorLogOptions
{
    /// <summary>The operation id written with every entry, when known (the operation whose tracker's errors these are).</summary>
    public string? OperationId { get; set; }
}
