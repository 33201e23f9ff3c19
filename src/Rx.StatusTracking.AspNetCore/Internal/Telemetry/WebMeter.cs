using System.Diagnostics.Metrics;

namespace Rx.StatusTracking.AspNetCore.Internal;

/// <summary>
/// The web endpoints' instruments, on the library's meter (<see cref="StatusTelemetry.MeterName"/>): open streaming
/// connections and the statuses waiting in their buffers (observable gauges over process-wide totals), and the
/// statuses conflated or dropped per transport (counters). Tags are bounded: <c>rx_status.transport</c> only.
/// </summary>
internal static class WebMeter
{
    /// <summary>The tag naming the transport: <c>sse</c> or <c>websocket</c>.</summary>
    public const string TransportTag = "rx_status.transport";

    private static readonly Meter Meter;
    private static readonly Counter<long> Conflated;
    private static readonly Counter<long> Dropped;

    // One tag per transport, made once: recording allocates nothing.
    private static readonly KeyValuePair<string, object?>[] TransportTags = [new(TransportTag, "sse"), new(TransportTag, "websocket")];

    // Indexed by WebTransport.
    private static readonly long[] OpenConnections = new long[2];
    private static long s_queued;
    private static long s_paced;
    private static long s_waiting;

    // Explicit, so that MapStatusEndpoints (calling Register) publishes the instruments before any connection.
    static WebMeter()
    {
        Meter = new Meter(StatusTelemetry.MeterName);
        Meter.CreateObservableGauge("rx_status.web.connections", ObserveConnections, "{connection}", "Open streaming connections (Server-Sent Events and WebSockets) of the status endpoints.");
        Meter.CreateObservableGauge("rx_status.web.events.queued", () => Volatile.Read(ref s_queued), "{event}", "Statuses waiting in the buffers of all streaming connections for their clients to read.");
        Meter.CreateObservableGauge("rx_status.web.connections.paced", () => Volatile.Read(ref s_paced), "{connection}", "Streaming connections that fell behind and are written at most once per pacing interval, with each step's newest status and every ending.");
        Meter.CreateObservableGauge("rx_status.web.requests.waiting", () => Volatile.Read(ref s_waiting), "{request}", "Requests waiting for their operation to reach the hub before a 404 (StatusEndpointOptions.UnknownOperationWait).");
        Conflated = Meter.CreateCounter<long>("rx_status.web.events.conflated", "{event}", "Statuses a streaming connection skipped because a newer status of the same step replaced them while its client read slowly.");
        Dropped = Meter.CreateCounter<long>("rx_status.web.events.dropped", "{event}", "Statuses a streaming connection discarded because its client fell too far behind (the connection is closed and the client resumes from the history).");
    }

    /// <summary>Publishes the instruments (the first call does; later ones do nothing).</summary>
    public static void Register()
    {
    }

    public static void ConnectionOpened(WebTransport transport) => Interlocked.Increment(ref OpenConnections[(int)transport]);

    public static void ConnectionClosed(WebTransport transport) => Interlocked.Decrement(ref OpenConnections[(int)transport]);

    /// <summary>Changes the number of paced connections.</summary>
    public static void Paced(long delta) => Interlocked.Add(ref s_paced, delta);

    /// <summary>Changes the number of requests waiting for their operation (see <see cref="OperationArrivals"/>).</summary>
    public static void Waiting(long delta) => Interlocked.Add(ref s_waiting, delta);

    /// <summary>Changes the total of statuses waiting in connection buffers.</summary>
    public static void Queued(long delta) => Interlocked.Add(ref s_queued, delta);

    public static void RecordConflated(WebTransport transport, long count)
    {
        if (count > 0)
        {
            Conflated.Add(count, TransportTags[(int)transport]);
        }
    }

    public static void RecordDropped(WebTransport transport, long count)
    {
        if (count > 0)
        {
            Dropped.Add(count, TransportTags[(int)transport]);
        }
    }

    private static Measurement<long>[] ObserveConnections() =>
    [
        new(Volatile.Read(ref OpenConnections[(int)WebTransport.ServerSentEvents]), TransportTags[(int)WebTransport.ServerSentEvents]),
        new(Volatile.Read(ref OpenConnections[(int)WebTransport.WebSocket]), TransportTags[(int)WebTransport.WebSocket]),
    ];
}
