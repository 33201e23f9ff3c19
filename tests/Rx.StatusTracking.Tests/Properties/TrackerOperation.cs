namespace Rx.StatusTracking.Tests.Properties;

/// <summary>One generated step of a model-based run; records, so a shrunk counterexample prints readably.</summary>
internal abstract record TrackerOperation
{
    /// <summary>
    /// A report through a named method, or through <see cref="ChatStatusTracker.Update"/> (which alone names a parent and
    /// a progress figure on any state); an Executing report with a figure and no update goes through
    /// <see cref="ChatStatusTracker.ReportProgress"/>.
    /// </summary>
    public sealed record Report(StatusState State, int Step, string? Description, bool ThroughUpdate, bool WithException, int? Parent = null, double? Progress = null) : TrackerOperation;

    public sealed record Reset : TrackerOperation;

    /// <summary><see cref="ChatStatusTracker.ReserveStep()"/>.</summary>
    public sealed record ReserveStep : TrackerOperation;

    /// <summary><see cref="ChatStatusTracker.ReserveStep(int)"/>.</summary>
    public sealed record ReserveChild(int Parent) : TrackerOperation;

    public sealed record Complete : TrackerOperation;
}
