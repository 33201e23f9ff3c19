namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// The cluster tests share one <see cref="RedisCluster"/>, started once (about 2 s); they run one after another, and a test
/// that kills nodes restarts them (<see cref="RedisCluster.RestoreAsync"/>) so the next finds a whole cluster.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisCluster>
{
    public const string Name = "redis cluster";
}
