using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>
/// Hand-made streams (raw <c>XADD</c>) with sequence jumps: a jump the entry declares (its <c>after</c> field) is read in
/// silence, any other is a hole, reported once as <see cref="RedisStatusErrorKind.StatusesMissing"/> with the exact range
/// before the statuses after it are delivered.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class StreamHoleTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_jump_the_entry_declares_with_after_is_read_in_silence()
    {
        var (observed, errors) = await ReadAsync(null, Status(1), Status(2), Status(5, after: 2), Status(9, after: 5), Completion(9));

        Assert.Equal([1, 2, 5, 9], observed);
        Assert.Empty(errors);
    }

    [RedisFact]
    public async Task A_jump_without_after_is_reported_once_with_the_exact_range_and_the_statuses_after_it_are_delivered()
    {
        var (observed, errors) = await ReadAsync(null, Status(1), Status(2), Status(6), Status(7), Status(9, after: 7), Status(11), Completion(11));

        Assert.Equal([1, 2, 6, 7, 9, 11], observed);
        Assert.Equal(
            [
                "StatusesMissing 6-0 3: The stream of 'op' lacks statuses 3 to 5 (3 missing), before the entry 6-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them.",
                "StatusesMissing 11-0 1: The stream of 'op' lacks status 10 (1 missing), before the entry 11-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them.",
            ],
            errors);
    }

    [RedisFact]
    public async Task A_hole_where_after_names_a_later_sequence_than_was_read_covers_only_the_sequences_after_says_came_before()
    {
        // The writer wrote 4 and then 8 (after: 4); this reader never read 3 and 4.
        var (observed, errors) = await ReadAsync(null, Status(1), Status(2), Status(8, after: 4), Completion(8));

        Assert.Equal([1, 2, 8], observed);
        Assert.Equal(["StatusesMissing 8-0 2: The stream of 'op' lacks statuses 3 to 4 (2 missing), before the entry 8-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them."], errors);
    }

    [RedisFact]
    public async Task A_resume_point_inside_a_declared_jump_is_silent()
    {
        var (observed, errors) = await ReadAsync(5, Status(1), Status(3), Status(8, after: 3), Status(9), Completion(9));

        Assert.Equal([8, 9], observed);
        Assert.Empty(errors);
    }

    [RedisFact]
    public async Task A_stream_trimmed_at_its_start_is_reported_from_the_first_sequence_and_from_a_resume_point()
    {
        var (fromStart, fromStartErrors) = await ReadAsync(null, Status(4), Status(5), Completion(5));
        var (resumed, resumedErrors) = await ReadAsync(1, Status(4), Status(5), Completion(5));

        Assert.Equal([4, 5], fromStart);
        Assert.Equal(["StatusesMissing 4-0 3: The stream of 'op' lacks statuses 1 to 3 (3 missing), before the entry 4-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them."], fromStartErrors);
        Assert.Equal([4, 5], resumed);
        Assert.Equal(["StatusesMissing 4-0 2: The stream of 'op' lacks statuses 2 to 3 (2 missing), before the entry 4-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them."], resumedErrors);
    }

    [RedisFact]
    public async Task A_hole_right_before_the_completion_is_reported_and_the_stream_completes()
    {
        var (observed, errors) = await ReadAsync(null, Status(1), Status(2), Completion(5));

        Assert.Equal([1, 2], observed);
        Assert.Equal(["StatusesMissing 5-1 3: The stream of 'op' lacks statuses 3 to 5 (3 missing), before its completion entry 5-1: they were trimmed or lost in Redis and will not be delivered; reading goes on after them."], errors);
    }

    [RedisFact]
    public async Task Duplicates_and_malformed_entries_are_not_holes_and_an_after_that_cannot_be_read_is_ignored()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        await Add(database, prefix, Status(1));
        await database.StreamAddAsync($"{prefix}:op", "status", "not json", "2-0");
        await Add(database, prefix, Status(3));

        // Entries whose status repeats a sequence already read (another writer's retry): skipped, no hole.
        await database.StreamAddAsync($"{prefix}:op", [new NameValueEntry("status", StatusJson.Serialize(Status(3).Status!))], "3-5");
        await Add(database, prefix, Status(5, after: 3));
        await database.StreamAddAsync($"{prefix}:op", [new NameValueEntry("status", StatusJson.Serialize(Status(7).Status!)), new NameValueEntry("after", "x")], "7-0");
        await database.StreamAddAsync($"{prefix}:op", [new NameValueEntry("status", StatusJson.Serialize(Status(9).Status!)), new NameValueEntry("after", "9")], "9-0");
        await Add(database, prefix, Completion(9));

        var (observed, errors) = await ObserveAsync(prefix, null);

        Assert.Equal([1, 3, 5, 7, 9], observed);
        Assert.StartsWith("MalformedEntry 2-0 0: The entry 2-0 of 'op' is not a status (", errors[0], StringComparison.Ordinal);
        Assert.Equal(
            [
                "StatusesMissing 7-0 1: The stream of 'op' lacks status 6 (1 missing), before the entry 7-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them.",
                "StatusesMissing 9-0 1: The stream of 'op' lacks status 8 (1 missing), before the entry 9-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them.",
            ],
            errors[1..]);
    }

    [RedisFact]
    public async Task A_live_reader_reports_a_hole_in_an_entry_appended_while_it_waits()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        await Add(database, prefix, Status(1));
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, PollInterval = TimeSpan.FromMilliseconds(50) });
        using var log = new ReportLog(source.Errors);
        var statuses = source.Observe("op").Replay();
        using var connecting = statuses.Connect();
        await statuses.FirstAsync().Timeout(Scripts.Bound);

        await Add(database, prefix, Status(4));
        await Add(database, prefix, Completion(4));
        var observed = await statuses.Select(s => s.Sequence).ToList().Timeout(Scripts.Bound);
        source.Dispose();

        Assert.Equal([1, 4], observed);
        Assert.Equal(["StatusesMissing 4-0 2: The stream of 'op' lacks statuses 2 to 3 (2 missing), before the entry 4-0: they were trimmed or lost in Redis and will not be delivered; reading goes on after them."], Describe(await log.CompletedAsync()));
    }

    private async Task<(long[] Observed, string[] Errors)> ReadAsync(long? afterSequence, params Entry[] entries)
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        foreach (var entry in entries)
        {
            await Add(database, prefix, entry);
        }

        return await ObserveAsync(prefix, afterSequence);
    }

    private async Task<(long[] Observed, string[] Errors)> ObserveAsync(string prefix, long? afterSequence)
    {
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var log = new ReportLog(source.Errors);
        var observed = await source.Observe("op", afterSequence).Select(s => s.Sequence).ToList().Timeout(Scripts.Bound);
        source.Dispose();
        return ([.. observed], Describe(await log.CompletedAsync()));
    }

    private static string[] Describe(RedisStatusError[] errors) =>
        [.. errors.Select(e => $"{e.Kind} {e.EntryId} {e.Count}: {e.Message}")];

    internal static Task Add(IDatabase database, string prefix, Entry entry)
    {
        NameValueEntry[] fields = entry.Status is { } status
            ? entry.After is { } after
                ? [new("status", StatusJson.Serialize(status)), new("after", after)]
                : [new("status", StatusJson.Serialize(status))]
            : [new("completed", entry.Completed)];
        return database.StreamAddAsync($"{prefix}:op", fields, entry.Id);
    }

    internal static Entry Status(long sequence, long? after = null) =>
        new($"{sequence}-0", new ChatStatus { Step = 1, Description = $"status {sequence}", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = sequence }, after, 0);

    internal static Entry Completion(long last) => new($"{last}-1", null, null, last);

    internal sealed record Entry(string Id, ChatStatus? Status, long? After, long Completed);
}
