namespace Rx.StatusTracking.Tests.Properties;

/// <summary>One generated step of a model-based run; records, so a shrunk counterexample prints readably.</summary>
internal abstract record TrackerOperation
{
    /// <summary>A report through a named method, or through <see cref="ChatStatusTracker.Update"/>.</summary>
    public sealed record Report(StatusState State, int Step, string? Description, bool ThroughUpdate, bool WithException) : TrackerOperation;

    public sealed record Reset : TrackerOperation;

    /// <summary><see cref="ChatStatusTracker.ReserveStep"/>.</summary>
    public sealed record ReserveStep : TrackerOperation;

    public sealed record Complete : TrackerOperation;
}
