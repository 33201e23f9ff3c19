using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>
/// Compressed entries written by something else (a raw <c>XADD</c>): another program's valid ones are read, and every one
/// a reader cannot decode is skipped and reported as <see cref="RedisStatusErrorKind.MalformedEntry"/> with the reason,
/// while the statuses around it are delivered as written.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class CompressedEntryTests(SharedRedis redis)
{
    private const string Skipped = "; it was skipped.";

    [RedisFact]
    public async Task Corrupt_compressed_bytes_are_reported_and_skipped_and_valid_ones_from_another_writer_are_read()
    {
        ChatStatus[] valid = [Status(1, "plain"), Status(4, "brotli"), Status(6, "gzip")];
        var brotli = LargePayloads.Brotli(StatusJson.Serialize(valid[1]));
        var gzip = LargePayloads.GZip(StatusJson.Serialize(valid[2]));
        var (observed, errors) = await ReadAsync(
            ("1-0", "status", StatusJson.Serialize(valid[0])),
            ("2-0", "status.br", "not brotli at all"u8.ToArray()),
            ("3-0", "status.gz", (byte[])[.. gzip[..10], 0xde, 0xad, 0xbe, 0xef, .. gzip[14..]]),
            ("3-5", "status.br", brotli[..^4]),
            ("4-0", "status.br", brotli),
            ("5-0", "status.gz", new byte[] { 0x1f, 0x8b, 0x08, 0x00 }),
            ("6-0", "status.gz", gzip),
            ("6-1", "completed", 6));

        Assert.Equal(Scripts.AsJson(valid), Scripts.AsJson(observed));
        Assert.Equal(["2-0", "3-0", "3-5", "5-0"], errors.Select(e => e.EntryId));
        Assert.All(errors, e => Assert.Equal(RedisStatusErrorKind.MalformedEntry, e.Kind));
        Assert.Equal("The entry 2-0 of 'op' is not a status (its 'status.br' field is not valid Brotli data)" + Skipped, errors[0].Message);
        Assert.StartsWith("The entry 3-0 of 'op' is not a status (its 'status.gz' field is not valid GZip data (", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal("The entry 3-5 of 'op' is not a status (its 'status.br' field ends before its Brotli data does)" + Skipped, errors[2].Message);
        Assert.StartsWith("The entry 5-0 of 'op' is not a status (", errors[3].Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task An_entry_that_inflates_past_what_a_reader_accepts_is_refused_within_that_bound_and_one_exactly_at_it_is_read()
    {
        // A bomb: 16 MiB of JSON whitespace before a status inflates from a few kilobytes; the reader stops at 1 MiB.
        var bomb = new string(' ', 16 << 20) + StatusJson.Serialize(Status(2, "bomb"));
        var atLimit = Padded(Status(3, "at the limit"), StatusJson.MaxInputBytes);
        var (observed, errors) = await ReadAsync(
            ("1-0", "status", StatusJson.Serialize(Status(1, "before"))),
            ("2-0", "status.br", LargePayloads.Brotli(bomb)),
            ("2-5", "status.gz", LargePayloads.GZip(bomb)),
            ("3-0", "status.gz", LargePayloads.GZip(atLimit)),
            ("4-0", "status.br", LargePayloads.Brotli(Padded(Status(4, "one over"), StatusJson.MaxInputBytes + 1))),
            ("4-1", "completed", 4));

        Assert.Equal(Scripts.AsJson([Status(1, "before"), Status(3, "at the limit")]), Scripts.AsJson(observed));
        Assert.Equal(["2-0", "2-5", "4-0"], errors.Select(e => e.EntryId));
        Assert.Equal("The entry 2-0 of 'op' is not a status (its 'status.br' field inflates past the 1,048,576 bytes a reader accepts)" + Skipped, errors[0].Message);
        Assert.Equal("The entry 2-5 of 'op' is not a status (its 'status.gz' field inflates past the 1,048,576 bytes a reader accepts)" + Skipped, errors[1].Message);
        Assert.Equal("The entry 4-0 of 'op' is not a status (its 'status.br' field inflates past the 1,048,576 bytes a reader accepts)" + Skipped, errors[2].Message);
    }

    [RedisFact]
    public async Task An_entry_in_a_codec_this_reader_does_not_know_is_reported_and_skipped_and_the_rest_is_delivered_unchanged()
    {
        // What a newer publisher's codec looks like to this reader, as status.br looked to readers before compression.
        ChatStatus[] valid = [Status(1, "before"), Status(3, "after")];
        var (observed, errors) = await ReadAsync(
            ("1-0", "status", StatusJson.Serialize(valid[0])),
            ("2-0", "status.zstd", new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0x00 }),
            ("3-0", "status", StatusJson.Serialize(valid[1])),
            ("3-1", "completed", 3));

        Assert.Equal(Scripts.AsJson(valid), Scripts.AsJson(observed));
        var error = Assert.Single(errors);
        Assert.Equal(RedisStatusErrorKind.MalformedEntry, error.Kind);
        Assert.Equal("2-0", error.EntryId);
        Assert.Equal("The entry 2-0 of 'op' is not a status (it is compressed with 'zstd', a codec this reader does not know (it reads 'status', 'status.br' and 'status.gz'))" + Skipped, error.Message);
    }

    private async Task<(IList<ChatStatus> Observed, RedisStatusError[] Errors)> ReadAsync(params (RedisValue Id, RedisValue Field, RedisValue Value)[] entries)
    {
        var prefix = SharedRedis.NewPrefix();
        foreach (var (id, field, value) in entries)
        {
            await redis.Connection.GetDatabase().StreamAddAsync($"{prefix}:op", field, value, id);
        }

        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var log = new ReportLog(source.Errors);
        var observed = await source.Observe("op").ToList().Timeout(Scripts.Bound);
        source.Dispose();
        return (observed, await log.CompletedAsync());
    }

    private static ChatStatus Status(long sequence, string description) =>
        new() { Step = 1, Description = description, State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = sequence };

    /// <summary>The status's JSON with spaces after it up to exactly <paramref name="length"/> bytes (ASCII).</summary>
    private static string Padded(ChatStatus status, int length) => StatusJson.Serialize(status).PadRight(length);
}
