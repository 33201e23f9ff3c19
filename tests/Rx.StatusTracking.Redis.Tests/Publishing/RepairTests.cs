using System.Globalization;
using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// What the publisher does when Redis loses what it acknowledged (a replica promoted before it had everything): each
/// test owns a redis-server, takes entries out of a stream the way such a failover would (the newest ones), and makes the
/// publisher's connection come back (<c>CLIENT KILL</c>), which asks for a repair.
/// </summary>
public sealed class RepairTests : OwnedRedis
{
    [RedisFact]
    public async Task A_repair_rewrites_only_what_a_stream_lost_and_leaves_intact_streams_alone()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection);
        using var log = new ReportLog(publisher.Errors);
        using var intact = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 2_000 });
        using var behind = new ChatStatusTracker();
        using var publishingIntact = publisher.Publish("intact", intact);
        using var publishingBehind = publisher.Publish("behind", behind);
        for (var step = 1; step <= 1_000; step++)
        {
            intact.Executing(step, "Searching the web for the query of this step, with a long description " + step);
        }

        for (var step = 1; step <= 10; step++)
        {
            behind.Executing(step, "step " + step);
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var database = admin.GetDatabase();
        var stats = admin.GetServers()[0];
        await KeepThroughAsync(database, "rxstatus:behind", "7-0");

        var before = await InputBytesAsync(stats);
        await KillClientsAsync(admin);
        await RoundTripTests.WaitUntil(async () => (await database.StreamLengthAsync("rxstatus:behind")) == 10);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var repairBytes = await InputBytesAsync(stats) - before;

        var entries = await database.StreamRangeAsync("rxstatus:behind");
        Assert.Equal(Enumerable.Range(1, 10).Select(s => $"{s}-0"), entries.Select(e => e.Id.ToString()));
        Assert.Equal(1_000, await database.StreamLengthAsync("rxstatus:intact"));

        // The intact stream's 1,000 statuses (over 100 KB) were not sent again: the repair checked its top and moved on.
        Assert.InRange(repairBytes, 1, 20_000);
        await publisher.DisposeAsync();
        Assert.DoesNotContain(await log.CompletedAsync(), e => e.Kind == RedisStatusErrorKind.StatusesLost);
    }

    [RedisFact]
    public async Task Statuses_lost_beyond_the_trackers_history_are_reported_with_their_range_and_the_rest_written_again()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 5 });
        using var publishing = publisher.Publish("turn", tracker);
        for (var step = 1; step <= 20; step++)
        {
            tracker.Executing(step, "step " + step);
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var database = admin.GetDatabase();
        await KeepThroughAsync(database, "rxstatus:turn", "10-0");

        await KillClientsAsync(admin);
        await RoundTripTests.WaitUntil(() => log.Reports.Any(e => e.Kind == RedisStatusErrorKind.StatusesLost));
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        var lost = Assert.Single(log.Reports, e => e.Kind == RedisStatusErrorKind.StatusesLost);
        Assert.Equal(5, lost.Count);
        Assert.Equal("turn", lost.OperationId);
        Assert.Equal("Redis lost statuses 11..15 of 'turn' after acknowledging them, and the tracker no longer holds them; the 5 after them were written again. Readers report the hole.", lost.Message);
        var entries = await database.StreamRangeAsync("rxstatus:turn");
        Assert.Equal([.. Enumerable.Range(1, 10), .. Enumerable.Range(16, 5)], entries.Select(e => (int)RedisValueSequence(e.Id)));
    }

    [RedisFact]
    public async Task A_completed_operation_whose_end_redis_lost_gets_it_back_so_readers_do_not_wait_for_ever()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection);
        using var source = new RedisStatusSource(connection);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        tracker.Executing(1, "searching");
        tracker.Completed(1, "found");
        tracker.Complete();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var database = admin.GetDatabase();
        await KeepThroughAsync(database, "rxstatus:turn", "1-0");

        await KillClientsAsync(admin);
        var read = await source.Observe("turn").ToArray().Timeout(Scripts.Bound);

        Assert.Equal(["1 Executing searching", "1 Completed found"], read.Select(s => $"{s.Step} {s.State} {s.Description}"));
        Assert.Equal(["1-0", "2-0", "2-1"], (await database.StreamRangeAsync("rxstatus:turn")).Select(e => e.Id.ToString()));
        Assert.NotNull(await database.KeyTimeToLiveAsync("rxstatus:turn"));
    }

    [RedisFact]
    public async Task Statuses_conflated_in_the_outbox_leave_jumps_the_stream_declares_and_the_end_names_the_last_status_written()
    {
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { MaxOutbox = 4 });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        using (await HeldWriter.HoldAsync(publisher))
        {
            // Four items fill the outbox; each later one pushes out the oldest superseded status.
            tracker.Executing(1, "a");     // 1: superseded by 2, pushed out by 5
            tracker.Executing(1, "b");     // 2: superseded by 4, pushed out by the completion
            tracker.Executing(2, "c");     // 3
            tracker.Executing(1, "d");     // 4
            tracker.Completed(2, "e");     // 5
            tracker.Complete();
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var entries = await connection.GetDatabase().StreamRangeAsync("rxstatus:turn");

        Assert.Equal(
            ["3-0 after=0", "4-0", "5-0", "5-1"],
            entries.Select(e => e.Id + string.Concat(e.Values.Where(v => v.Name == "after").Select(v => $" after={v.Value}"))));
        Assert.Equal(5, (long)entries[^1]["completed"]);
    }

    // A promoted replica that had the stream only up to an entry: it never saw the later ones (XDEL would not do: a
    // stream remembers its last id and refuses ids at or below it).
    private static async Task KeepThroughAsync(IDatabase database, RedisKey stream, string lastKept)
    {
        var kept = await database.StreamRangeAsync(stream, "-", lastKept);
        await database.KeyDeleteAsync(stream);
        foreach (var entry in kept)
        {
            await database.StreamAddAsync(stream, entry.Values, entry.Id);
        }
    }

    private static long RedisValueSequence(RedisValue id) => long.Parse(id.ToString().Split('-')[0], CultureInfo.InvariantCulture);

    private static async Task<long> InputBytesAsync(IServer server)
    {
        var info = await server.InfoAsync("stats");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "total_net_input_bytes").Value, CultureInfo.InvariantCulture);
    }

    // Every connection but the admin's drops and comes back: the publisher asks for a repair when its connection is restored.
    private static Task KillClientsAsync(ConnectionMultiplexer admin) => admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
}
