using System.Diagnostics.Metrics;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Telemetry;

/// <summary>Every Redis instrument, read with a <see cref="MeterListener"/> while a publisher writes to a redis-server this test owns.</summary>
[Collection(RedisMetricsCollection.Name)]
public sealed class RedisMetricsTests : OwnedRedis, IDisposable
{
    private const string Depth = "rx_status.redis.outbox.depth";
    private const string Outage = "rx_status.redis.outage";
    private const string Conflated = "rx_status.redis.outbox.conflated";
    private const string Dropped = "rx_status.redis.outbox.dropped";
    private const string Compressed = "rx_status.redis.entries.compressed";

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _measured = [];
    private readonly Dictionary<string, string> _units = [];

    public RedisMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StatusTelemetry.MeterName && instrument.Name.StartsWith("rx_status.redis.", StringComparison.Ordinal))
            {
                lock (_measured)
                {
                    _units[instrument.Name] = $"{instrument.GetType().Name.Split('`')[0]} {instrument.Unit}";
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };

        // Counters add up from zero (this listener's start); gauges keep their latest reading.
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (_measured)
            {
                _measured[instrument.Name] = instrument is ObservableGauge<long> ? value : _measured.GetValueOrDefault(instrument.Name) + value;
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [RedisFact]
    public async Task The_depth_gauge_and_the_conflated_and_dropped_counters_follow_the_outbox_and_a_closed_publisher_leaves_the_gauge()
    {
        await using var connection = await Server.ConnectAsync();
        var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { MaxOutbox = 4, DisposeTimeout = TimeSpan.Zero });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var before = Gauge(Depth);

        using (await HeldWriter.HoldAsync(publisher))
        {
            // Updates of one step conflate past 4 waiting; first statuses of new steps, with nothing left to conflate, drop past 8.
            for (var i = 0; i < 10; i++)
            {
                tracker.Executing(1, $"update {i}");
            }

            for (var step = 2; step < 14; step++)
            {
                tracker.Executing(step, "started");
            }

            Assert.Equal(8, publisher.OutboxCount);
            Assert.Equal(8, Gauge(Depth) - before);
            Assert.Equal((9L, 5L), (publisher.ConflatedCount, publisher.DroppedCount));
            Assert.Equal((9L, 5L), (Counter(Conflated), Counter(Dropped)));
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(before, Gauge(Depth));

        // Closed with statuses still waiting: they are given up, and no longer count as waiting anywhere.
        using (await HeldWriter.HoldAsync(publisher))
        {
            tracker.Executing(20, "waits");
            tracker.Executing(21, "waits");
            Assert.Equal(2, Gauge(Depth) - before);
            await publisher.DisposeAsync();
        }

        Assert.Equal(2, publisher.OutboxCount);
        Assert.Equal(before, Gauge(Depth));
    }

    [RedisFact]
    public async Task The_outage_gauge_counts_the_publisher_while_its_writer_retries_and_not_once_redis_takes_the_write()
    {
        await using var connection = await Server.ConnectFailFastAsync();
        await using var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var before = Gauge(Outage);

        await Server.KillAsync();
        tracker.Executing(1, "written during the outage");
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportFailed));
        Assert.NotNull(publisher.OutageSince);
        Assert.Equal(before + 1, Gauge(Outage));

        await Server.RestartAsync();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(before, Gauge(Outage));
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportRestored));
    }

    [RedisFact]
    public async Task The_compressed_counter_counts_the_entries_written_compressed()
    {
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);

        tracker.Executing(1, ChatStatusMessages.ExecutingTool("web_search"));
        tracker.Completed(1, ChatStatusMessages.ToolCompleted("web_search"), LargePayloads.SearchResults(40));
        tracker.Completed(2, ChatStatusMessages.ToolCompleted("web_search"), LargePayloads.SearchResults(80));
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        Assert.Equal(2, Counter(Compressed));
        Assert.Equal(["status", "status.br", "status.br"], await LargePayloads.FieldsAsync(connection, "rxstatus:turn"));
    }

    [RedisFact]
    public async Task Every_instrument_is_on_the_librarys_meter_with_its_type_and_unit()
    {
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection);
        _listener.RecordObservableInstruments();

        lock (_measured)
        {
            Assert.Equal(
                new Dictionary<string, string>
                {
                    [Depth] = "ObservableGauge {item}",
                    [Outage] = "ObservableGauge {publisher}",
                    [Conflated] = "Counter {status}",
                    [Dropped] = "Counter {status}",
                    [Compressed] = "Counter {entry}",
                },
                _units);
        }
    }

    private long Gauge(string name)
    {
        _listener.RecordObservableInstruments();
        lock (_measured)
        {
            return _measured[name];
        }
    }

    private long Counter(string name)
    {
        lock (_measured)
        {
            return _measured.GetValueOrDefault(name);
        }
    }
}
