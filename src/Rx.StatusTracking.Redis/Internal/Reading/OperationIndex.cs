using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The readers' view of the operations index (the sorted set <c>{prefix}</c>): which operations it lists, whether an
/// operation's stream exists, and the publishers' announcements of new operations.
/// </summary>
/// <param name="redis">The connection.</param>
/// <param name="names">Where things live.</param>
/// <param name="time">The clock that says which completed operations have expired.</param>
internal sealed class OperationIndex(IConnectionMultiplexer redis, RedisNames names, TimeProvider time)
{
    private readonly IDatabase _database = redis.GetDatabase();

    /// <summary>The ids the index lists: running, or completed and not yet expired.</summary>
    public async Task<IReadOnlyList<string>> ListAsync()
    {
        var now = RedisNames.ExpiryScore(time.GetUtcNow());
        var members = await _database.SortedSetRangeByScoreAsync(names.Index, now, double.PositiveInfinity, Exclude.Start).ConfigureAwait(false);
        return [.. members.Select(m => m.ToString())];
    }

    /// <summary>Whether the operation's stream exists (an index entry can outlive its stream by a moment).</summary>
    public Task<bool> HasStreamAsync(string operationId) => _database.KeyExistsAsync(names.Stream(operationId));

    /// <summary>Calls <paramref name="announced"/> at each announcement of a new operation, until <see cref="Unsubscribe"/>.</summary>
    public Task SubscribeAsync(Action<RedisChannel, RedisValue> announced) => redis.GetSubscriber().SubscribeAsync(names.OperationsChannel, announced);

    /// <summary>Stops calling <paramref name="announced"/>; best effort (the connection may be gone).</summary>
    public void Unsubscribe(Action<RedisChannel, RedisValue> announced) =>
        _ = redis.GetSubscriber().UnsubscribeAsync(names.OperationsChannel, announced, CommandFlags.FireAndForget);
}
