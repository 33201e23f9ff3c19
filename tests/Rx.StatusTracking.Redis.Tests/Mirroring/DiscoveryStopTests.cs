using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// The mirror's discovery loop ends only when the mirror stops (issue 17: it died on a failure it did not expect, with
/// nothing reported, and new operations were never mirrored again).
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class DiscoveryStopTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_look_cancelled_under_discovery_is_reported_and_discovery_goes_on()
    {
        var errors = new ErrorReports(TimeProvider.System);
        using var log = new ReportLog(errors);
        var index = new OperationIndex(redis.Connection, new RedisNames(SharedRedis.NewPrefix()), TimeProvider.System);
        using var wake = new Signal();
        var looks = 0;
        Task Listed(IReadOnlyList<string> ids, bool complete) =>
            Interlocked.Increment(ref looks) == 1 ? throw new OperationCanceledException("A command was cancelled by the connection.") : Task.CompletedTask;

        var discovery = new MirrorDiscovery(index, Listed, wake, TimeSpan.FromHours(1), TimeProvider.System, errors);
        await RoundTripTests.WaitUntil(() => Volatile.Read(ref looks) == 1);
        wake.Set();
        await RoundTripTests.WaitUntil(() => Volatile.Read(ref looks) == 2);

        Assert.Null(Record.Exception(discovery.Dispose));
        errors.Complete();
        var report = Assert.Single(await log.CompletedAsync());
        Assert.Equal(RedisStatusErrorKind.MirrorFailed, report.Kind);
        Assert.Equal("Finding operations to mirror failed: A command was cancelled by the connection. It is tried again at every poll.", report.Message);
    }
}
