using System.Diagnostics.Metrics;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The Redis package's instruments on the library's meter (<see cref="StatusTelemetry.MeterName"/>), process-wide: the
/// gauges read totals the live publishers keep up to date with <see cref="Interlocked"/>, the counters are added to at
/// the event. No tags: each instrument's name says it is Redis's.
/// </summary>
internal static class RedisMeter
{
    private static readonly Meter Meter = new(StatusTelemetry.MeterName);

    private static readonly Counter<long> Conflated = Meter.CreateCounter<long>(
        "rx_status.redis.outbox.conflated", "{status}", "Statuses that gave way in a full publisher outbox to a newer status of their step.");

    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        "rx_status.redis.outbox.dropped", "{status}", "Statuses a publisher outbox dropped: it was at twice its limit with nothing left to conflate.");

    private static readonly Counter<long> Compressed = Meter.CreateCounter<long>(
        "rx_status.redis.entries.compressed", "{entry}", "Status entries compressed for writing to Redis (their JSON was over CompressAbove).");

    private static long _outboxDepth;
    private static long _outages;

    static RedisMeter()
    {
        Meter.CreateObservableGauge(
            "rx_status.redis.outbox.depth", static () => Interlocked.Read(ref _outboxDepth), "{item}", "Items waiting in the outboxes of the process's Redis publishers.");
        Meter.CreateObservableGauge(
            "rx_status.redis.outage", static () => Interlocked.Read(ref _outages), "{publisher}", "Publishers whose writer is retrying a write Redis did not take (0 while writes go through).");
    }

    /// <summary>An outbox now holds <paramref name="delta"/> more items (fewer when negative).</summary>
    public static void OutboxChanged(int delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref _outboxDepth, delta);
        }
    }

    public static void StatusConflated() => Conflated.Add(1);

    public static void StatusDropped() => Dropped.Add(1);

    public static void EntryCompressed() => Compressed.Add(1);

    public static void OutageBegan() => Interlocked.Increment(ref _outages);

    public static void OutageEnded() => Interlocked.Decrement(ref _outages);
}
