using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>
/// Listens to the web endpoints' instruments (<c>rx_status.web.*</c> on the library's meter): reads the gauges when
/// asked, and sums what the counters record from its creation on, per transport.
/// </summary>
internal sealed class WebInstruments : IDisposable
{
    public const string Connections = "rx_status.web.connections";
    public const string Queued = "rx_status.web.events.queued";
    public const string Paced = "rx_status.web.connections.paced";
    public const string Conflated = "rx_status.web.events.conflated";
    public const string Dropped = "rx_status.web.events.dropped";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string? Transport), long> _counted = new();
    private readonly ConcurrentDictionary<(string Name, string? Transport), long> _observed = new();

    public WebInstruments()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StatusTelemetry.MeterName && instrument.Name.StartsWith("rx_status.web.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = (instrument.Name, TransportOf(tags));
            if (instrument is ObservableGauge<long>)
            {
                _observed[key] = value;
            }
            else
            {
                _counted.AddOrUpdate(key, value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    /// <summary>A gauge's value now (for one transport, or the untagged total).</summary>
    public long Gauge(string name, string? transport = null)
    {
        _observed.Clear();
        _listener.RecordObservableInstruments();
        return _observed.TryGetValue((name, transport), out var value) ? value : throw new InvalidOperationException($"{name} ({transport}) was not observed.");
    }

    /// <summary>What a counter recorded since this listener started, for one transport.</summary>
    public long Counted(string name, string transport) => _counted.GetValueOrDefault((name, transport));

    public void Dispose() => _listener.Dispose();

    private static string? TransportOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "rx_status.transport")
            {
                return (string?)tag.Value;
            }
        }

        return null;
    }
}
