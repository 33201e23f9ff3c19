using System.Globalization;
using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>What a stuck <c>Errors</c> subscriber may hold up: at most <see cref="ErrorReports.MaxWaiting"/> reports.</summary>
public sealed class ErrorReportsBoundTests
{
    [Fact]
    public async Task Reports_past_the_bound_are_counted_and_reported_once_when_the_subscriber_catches_up()
    {
        const int made = ErrorReports.MaxWaiting + 1_976;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero));
        var reports = new ErrorReports(clock);
        using var sink = new StalledSink(reports);
        using var log = new ReportLog(reports);

        reports.Report(Numbered(0));
        await sink.Stalled.WaitAsync(Scripts.Bound);
        for (var i = 1; i < made; i++)
        {
            reports.Report(Numbered(i));
        }

        sink.Release();
        reports.Complete();
        var seen = await log.CompletedAsync();

        // The one being delivered counts as waiting: reports 0..16,383 are kept, the other 1,976 counted, in one report.
        Assert.Equal(ErrorReports.MaxWaiting + 1, seen.Length);
        Assert.Equal(Enumerable.Range(0, ErrorReports.MaxWaiting).Select(i => $"report {i}"), seen[..^1].Select(e => e.Message));
        var dropped = seen[^1];
        Assert.Equal(RedisStatusErrorKind.ReportsDropped, dropped.Kind);
        Assert.Equal(made - ErrorReports.MaxWaiting, dropped.Count);
        Assert.Equal("1976 reports were left out: the Errors subscribers had not taken the 16384 before them.", dropped.Message);
        Assert.Equal(clock.GetUtcNow(), dropped.Timestamp);
        Assert.Equal(seen, sink.Received);
    }

    [Fact]
    public async Task Every_report_made_while_the_subscriber_catches_up_is_delivered_in_order_or_counted_exactly_once()
    {
        const int made = 2 * ErrorReports.MaxWaiting + 2_000;
        var reports = new ErrorReports(TimeProvider.System);
        using var sink = new StalledSink(reports);
        using var log = new ReportLog(reports);
        reports.Report(Numbered(0));
        await sink.Stalled.WaitAsync(Scripts.Bound);
        for (var i = 1; i < made / 2; i++)
        {
            reports.Report(Numbered(i));
        }

        // The rest race the drain: some find room, some find it full, whichever finds the count says it.
        sink.Release();
        for (var i = made / 2; i < made; i++)
        {
            reports.Report(Numbered(i));
        }

        reports.Complete();
        var seen = await log.CompletedAsync();

        var kept = seen.Where(e => e.Kind == RedisStatusErrorKind.TransportFailed).Select(e => int.Parse(e.Message[7..], CultureInfo.InvariantCulture)).ToArray();
        var counted = seen.Where(e => e.Kind == RedisStatusErrorKind.ReportsDropped).Sum(e => e.Count);
        Assert.Equal(made, kept.Length + counted);
        Assert.Equal(kept.Order(), kept);
        Assert.Equal(Enumerable.Range(0, ErrorReports.MaxWaiting), kept[..ErrorReports.MaxWaiting]);
        Assert.NotEqual(RedisStatusErrorKind.ReportsDropped, seen[0].Kind);
    }

    [Fact]
    public async Task Reports_that_find_room_while_the_subscriber_catches_up_come_before_one_count_not_between_counts()
    {
        const int dropped = 10;
        const int later = 100;
        var reports = new ErrorReports(TimeProvider.System);
        using var sink = new StalledSink(reports);
        using var log = new ReportLog(reports);

        // Made while the subscribers take report 100, with 16,000 and more still waiting: these find room.
        var made = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var reporting = reports.Subscribe(e =>
        {
            if (e.Message == "report 100")
            {
                for (var i = 0; i < later; i++)
                {
                    reports.Report(Numbered(-1));
                }

                made.SetResult();
            }
        });
        reports.Report(Numbered(0));
        await sink.Stalled.WaitAsync(Scripts.Bound);
        for (var i = 1; i < ErrorReports.MaxWaiting + dropped; i++)
        {
            reports.Report(Numbered(i));
        }

        sink.Release();
        await made.Task.WaitAsync(Scripts.Bound);
        reports.Complete();
        var seen = await log.CompletedAsync();

        var counts = seen.Where(e => e.Kind == RedisStatusErrorKind.ReportsDropped).ToArray();
        Assert.Single(counts);
        Assert.Same(counts[0], seen[^1]);
        Assert.Equal(ErrorReports.MaxWaiting + dropped + later, seen.Length - 1 + counts[0].Count);
    }

    private static RedisStatusError Numbered(int i) =>
        new(RedisStatusErrorKind.TransportFailed, $"report {i}", DateTimeOffset.UnixEpoch);
}
