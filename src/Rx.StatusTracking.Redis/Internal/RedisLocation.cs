using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Where a publisher writes or a source reads: a connection and a key prefix. Two are the same place when their prefixes
/// match and they share the connection, or connections made from the same configuration.
/// </summary>
/// <param name="Redis">The connection.</param>
/// <param name="KeyPrefix">The key prefix.</param>
internal sealed record RedisLocation(IConnectionMultiplexer Redis, string KeyPrefix)
{
    public bool IsSameAs(RedisLocation other) =>
        string.Equals(KeyPrefix, other.KeyPrefix, StringComparison.Ordinal)
        && (ReferenceEquals(Redis, other.Redis) || string.Equals(Redis.Configuration, other.Redis.Configuration, StringComparison.Ordinal));
}
