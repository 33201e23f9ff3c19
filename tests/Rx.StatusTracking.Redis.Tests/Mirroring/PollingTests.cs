using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// The slow polls, the safety net for a notification lost, in virtual time: what no notification announced is found
/// once the options' clock passes the poll interval.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class PollingTests(SharedRedis redis)
{
    [RedisFact]
    public async Task An_operation_nobody_announced_is_mirrored_at_the_next_poll_of_the_options_clock()
    {
        var prefix = SharedRedis.NewPrefix();
        var time = new VirtualTime();
        var options = new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromMinutes(1), TimeProvider = time };
        using var source = new RedisStatusSource(redis.Connection, options);
        using var webHub = new StatusHub();
        using var mirroring = source.MirrorTo(webHub);
        await time.WaitForTimersAsync(options.MirrorPollInterval, 1); // the first look found nothing

        // Written by hand, with no announcement: as if the publisher's notification were lost.
        await WriteQuietlyAsync(prefix, "quiet", sequence: 1);
        time.Advance(options.MirrorPollInterval - TimeSpan.FromTicks(1));
        Assert.Equal(1, time.Started(options.MirrorPollInterval));
        Assert.False(webHub.TryGet("quiet", out _));

        time.Advance(TimeSpan.FromTicks(1));
        await RoundTripTests.WaitUntil(() => webHub.TryGet("quiet", out var mirrored) && mirrored.LastSequence == 1);
        webHub.TryGet("quiet", out var quiet);
        Assert.Equal("written by hand 1", quiet!.Current!.Description);
    }

    [RedisFact]
    public async Task An_entry_nobody_notified_is_read_at_the_next_poll_of_the_options_clock()
    {
        var prefix = SharedRedis.NewPrefix();
        var time = new VirtualTime();
        var options = new RedisSourceOptions { KeyPrefix = prefix, PollInterval = TimeSpan.FromHours(1), TimeProvider = time };
        using var source = new RedisStatusSource(redis.Connection, options);
        await WriteQuietlyAsync(prefix, "quiet", sequence: 1);
        var observed = new List<long>();
        using var reading = source.Observe("quiet").Subscribe(s => { lock (observed) { observed.Add(s.Sequence); } });
        await RoundTripTests.WaitUntil(() => { lock (observed) { return observed.Count == 1; } });
        await time.WaitForTimersAsync(Tick(options), 1);

        await WriteQuietlyAsync(prefix, "quiet", sequence: 2);
        time.Advance(options.PollInterval);

        await RoundTripTests.WaitUntil(() => { lock (observed) { return observed.Count == 2; } });
        Assert.Equal([1L, 2L], observed);
    }

    [RedisFact]
    public async Task Every_follower_of_a_source_is_polled_by_one_timer()
    {
        var prefix = SharedRedis.NewPrefix();
        var time = new VirtualTime();
        var options = new RedisSourceOptions { KeyPrefix = prefix, PollInterval = TimeSpan.FromHours(1), TimeProvider = time };
        using var source = new RedisStatusSource(redis.Connection, options);
        string[] operations = ["first", "second", "third"];
        var observed = new List<string>();
        var readings = new List<IDisposable>();
        foreach (var operation in operations)
        {
            await WriteQuietlyAsync(prefix, operation, sequence: 1);
            readings.Add(source.Observe(operation).Subscribe(s => { lock (observed) { observed.Add($"{operation} {s.Sequence}"); } }));
        }

        await RoundTripTests.WaitUntil(() => { lock (observed) { return observed.Count == 3; } });
        foreach (var operation in operations)
        {
            await WriteQuietlyAsync(prefix, operation, sequence: 2);
        }

        time.Advance(options.PollInterval);
        await RoundTripTests.WaitUntil(() => { lock (observed) { return observed.Count == 6; } });
        Assert.Equal(1, time.Started(Tick(options)));
        Assert.Equal(["first 2", "second 2", "third 2"], observed.Skip(3).Order());
        readings.ForEach(r => r.Dispose());
    }

    // The period of the source's one poll timer: each tick wakes a slice of the followers.
    private static TimeSpan Tick(RedisSourceOptions options) => options.PollInterval / FollowerPoll.SlicesOf(options.PollInterval);

    // A status entry and the operation's index entry, without the publisher's notifications.
    private async Task WriteQuietlyAsync(string prefix, string operationId, long sequence)
    {
        var database = redis.Connection.GetDatabase();
        var status = new ChatStatus { Step = 1, Description = $"written by hand {sequence}", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = sequence };
        await database.StreamAddAsync($"{prefix}:{operationId}", "status", StatusJson.Serialize(status), $"{sequence}-0");
        await database.SortedSetAddAsync(prefix, operationId, double.PositiveInfinity);
    }
}
