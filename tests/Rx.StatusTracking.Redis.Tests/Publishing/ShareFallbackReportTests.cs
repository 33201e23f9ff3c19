using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// A share's <see cref="RedisStatusErrorKind.StatusFallback"/> reports on their own: made for the statuses its entries were
/// serialized with a fallback, when the share is written, once each, in order, including the statuses of a later share a
/// failed one took into its retry.
/// </summary>
public sealed class ShareFallbackReportTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly EntryEncoder _entries = EntryEncoder.For(new RedisPublisherOptions());
    private readonly ChatStatusTracker _tracker = new();
    private readonly PublishedOperation _turn;

    public ShareFallbackReportTests() => _turn = new PublishedOperation("turn", _tracker);

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void A_failed_share_that_took_a_later_one_reports_each_fallback_once_in_order_when_written()
    {
        var plain = Item(1, "Plain", data: null);
        var first = Item(2, "First fallback", new Unwritable());
        var second = Item(3, "Second fallback", new Unwritable());
        var failed = Share(plain, first);
        var later = Share(second);

        // Sent, failed (nothing reported), then sent again with the later share's statuses behind its own.
        Serialize(failed);
        failed.Append(later);
        Serialize(failed);
        _time.Advance(TimeSpan.FromSeconds(1));

        var reports = failed.TakeFallbackReports();

        Assert.Equal(["2-0", "3-0"], reports.Select(r => r.EntryId));
        Assert.All(reports, r => Assert.Equal(RedisStatusErrorKind.StatusFallback, r.Kind));
        Assert.All(reports, r => Assert.Equal(_time.GetUtcNow(), r.Timestamp));
        Assert.Empty(failed.TakeFallbackReports());
    }

    [Fact]
    public void Nothing_is_reported_for_statuses_written_as_they_are()
    {
        var share = Share(Item(1, "Plain", data: null), Item(2, "Also plain", new { ok = true }));
        Serialize(share);

        Assert.Empty(share.TakeFallbackReports());
    }

    private static void Serialize(PendingWrite.OperationWrite share)
    {
        // As the appender does when it makes the share's script calls.
        for (var i = 0; i < share.Count; i++)
        {
            _ = share[i];
        }
    }

    private PendingWrite.OperationWrite Share(params OutboxItem[] items)
    {
        var share = new PendingWrite.OperationWrite(_turn, _entries, _time);
        foreach (var item in items)
        {
            share.Add(item);
        }

        return share;
    }

    private OutboxItem Item(long sequence, string description, object? data) =>
        OutboxItem.ForStatus(_turn, new ChatStatus { Step = 1, Description = description, State = StatusState.Executing, Data = data, Sequence = sequence });
}
