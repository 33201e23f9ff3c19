namespace Rx.StatusTracking.Tests.Stress;

/// <summary>The stress and memory tests run alone: they measure, and other tests' work would blur the figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "stress and memory";
}
