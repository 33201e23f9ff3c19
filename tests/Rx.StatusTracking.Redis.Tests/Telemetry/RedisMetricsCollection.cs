namespace Rx.StatusTracking.Redis.Tests.Telemetry;

/// <summary>
/// The Redis instruments are process-wide: their tests run with no other test class beside them, so what a listener
/// hears changes only with what the test does (they still assert on changes, not totals: earlier tests' objects count).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisMetricsCollection
{
    public const string Name = "redis metrics";
}
