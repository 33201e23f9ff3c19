namespace Rx.StatusTracking.Tests.Hosting;

/// <summary>Tests that measure the process's memory run alone, so no other test's allocations reach their figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "memory";
}
