using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client;
using Rx.StatusTracking.Redis.Tests.Support;
using Rx.StatusTracking.Redis.Tests.Reading;
using static Rx.StatusTracking.Redis.Tests.Reading.StreamHoleTests;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// A hole in a stream, end to end: a hand-made stream (raw <c>XADD</c>) mirrored into a hub
/// (<see cref="RedisStatusSource.MirrorTo"/>), served by the SSE endpoint on Kestrel, and followed by the library's own
/// client (<see cref="StatusStreamClient"/>), which reports a <see cref="StatusStreamNoticeKind.Gap"/> with the exact
/// range where statuses are missing, then the statuses after it; a jump the stream declares stays silent. A status entry
/// the mirror cannot read is a loss to it too.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class MirroredHoleTests(SharedRedis redis)
{
    // 1, 2, a hole (3..4), 5, 6, a declared jump (7 conflated by the publisher), 8, and a hole (9..10) before the end.
    private static readonly Entry[] First = [Status(1), Status(2)];
    private static readonly Entry[] Rest = [Status(5), Status(6), Status(8, after: 6), Completion(10)];

    private static readonly string[] Expected =
    [
        "1", "2",
        "Gap 2..5: The server does not hold the statuses of 'op' after 2 and before 5 (its history let them go, or they were lost before they reached it): they are lost to this client, which resumes at 5.",
        "5", "6", "8",
        "Gap 8..11: The server does not hold the statuses of 'op' after 8 and before 11 (its history let them go, or they were lost before they reached it): they are lost to this client, which resumes at 11.",
    ];

    private static readonly string[] ExpectedReports =
    [
        "StatusesMissing 5-0 2",
        "StatusesMissing 10-1 2",
    ];

    [RedisFact]
    public async Task A_client_following_live_gets_a_gap_notice_for_each_hole_with_its_range_then_the_statuses_after_it()
    {
        var prefix = SharedRedis.NewPrefix();
        await WriteAsync(prefix, First);
        await redis.Connection.GetDatabase().SortedSetAddAsync(prefix, "op", double.PositiveInfinity);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, PollInterval = TimeSpan.FromMilliseconds(50) });
        using var log = new ReportLog(source.Errors);
        using var hub = new StatusHub();
        using var mirroring = source.MirrorTo(hub);
        await using var server = await StatusServer.StartAsync(hub);
        var seen = new List<string>();
        var twoRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var following = FollowAsync(server, seen, twoRead);

        await twoRead.Task.WaitAsync(Scripts.Bound);
        await WriteAsync(prefix, Rest);
        await following.WaitAsync(Scripts.Bound);
        source.Dispose();

        Assert.Equal(Expected, Snapshot(seen));
        Assert.Equal(ExpectedReports, (await log.CompletedAsync()).Select(e => $"{e.Kind} {e.EntryId} {e.Count}"));
    }

    [RedisFact]
    public async Task A_client_that_connects_after_the_operation_ended_gets_the_same_gap_notices_from_the_replay()
    {
        var prefix = SharedRedis.NewPrefix();
        await WriteAsync(prefix, [.. First, .. Rest]);
        await redis.Connection.GetDatabase().SortedSetAddAsync(prefix, "op", double.PositiveInfinity);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var log = new ReportLog(source.Errors);
        using var hub = new StatusHub();
        using var mirroring = source.MirrorTo(hub);
        await RoundTripTests.WaitUntil(() => hub.TryGet("op", out var mirrored) && mirrored.IsCompleted);
        await using var server = await StatusServer.StartAsync(hub);
        var seen = new List<string>();

        await FollowAsync(server, seen, new TaskCompletionSource()).WaitAsync(Scripts.Bound);
        source.Dispose();

        Assert.Equal(Expected, Snapshot(seen));
        Assert.Equal(ExpectedReports, (await log.CompletedAsync()).Select(e => $"{e.Kind} {e.EntryId} {e.Count}"));
    }

    [RedisFact]
    public async Task A_status_the_mirror_cannot_read_is_recorded_lost_so_its_web_clients_are_told()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        await WriteAsync(prefix, [Status(1)]);
        await database.StreamAddAsync($"{prefix}:op", "status", "not json", "2-0");
        await WriteAsync(prefix, [Status(3), Completion(3)]);
        await database.SortedSetAddAsync(prefix, "op", double.PositiveInfinity);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var log = new ReportLog(source.Errors);
        using var hub = new StatusHub();
        using var mirroring = source.MirrorTo(hub);
        await RoundTripTests.WaitUntil(() => hub.TryGet("op", out var mirrored) && mirrored.IsCompleted);
        hub.TryGet("op", out var mirrored);
        await using var server = await StatusServer.StartAsync(hub);
        var seen = new List<string>();

        await FollowAsync(server, seen, new TaskCompletionSource()).WaitAsync(Scripts.Bound);
        source.Dispose();

        Assert.Equal([1L, 3L], mirrored!.History.Select(s => s.Sequence));
        Assert.True(mirrored.HasLossBetween(1, 3));
        Assert.Equal(
            [
                "1",
                "Gap 1..3: The server does not hold the statuses of 'op' after 1 and before 3 (its history let them go, or they were lost before they reached it): they are lost to this client, which resumes at 3.",
                "3",
            ],
            Snapshot(seen));
        Assert.Equal(["MalformedEntry 2-0 0"], (await log.CompletedAsync()).Select(e => $"{e.Kind} {e.EntryId} {e.Count}"));
    }

    private static async Task FollowAsync(StatusServer server, List<string> seen, TaskCompletionSource twoRead)
    {
        var client = new StatusStreamClient(server.Client, new StatusStreamClientOptions
        {
            OnNotice = notice =>
            {
                lock (seen)
                {
                    seen.Add($"{notice.Kind} {notice.LastSequence}..{notice.ResumedAt}: {notice.Message}");
                }
            },
        });
        await foreach (var status in client.FollowAsync("op"))
        {
            lock (seen)
            {
                seen.Add(status.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (seen.Count == 2)
                {
                    twoRead.TrySetResult();
                }
            }
        }
    }

    private static string[] Snapshot(List<string> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }

    private async Task WriteAsync(string prefix, Entry[] entries)
    {
        foreach (var entry in entries)
        {
            await Add(redis.Connection.GetDatabase(), prefix, entry);
        }
    }
}
