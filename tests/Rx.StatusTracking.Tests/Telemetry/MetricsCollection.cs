namespace Rx.StatusTracking.Tests.Telemetry;

/// <summary>Tests that listen to the process-wide meter run alone, so no other test's measurements reach their listener.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
