using System.Globalization;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>One measured run of one server: a row of the side-by-side table.</summary>
internal sealed record LoadRow(string Implementation, LoadScenario Scenario, string Run, ClientReport Clients, long Produced, double Cores, double WorkingSetPerConnection, double HeapPerConnection)
{
    public const string Header =
        "| impl | clients x rate | run | delivered (mean, min–max) | p50 / p99 / max latency | endings | server CPU | server memory / connection (working set, heap) | client CPU |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    /// <summary>Clients that got every step's final Completed status and the transport's completion.</summary>
    public int Endings => Clients.Endings.Where((endings, i) => endings == StatusProduction.Steps && Clients.Completed[i]).Count();

    public string ToMarkdown()
    {
        var shares = Clients.Received.Select(received => 100.0 * received / Produced).ToArray();
        var count = shares.Length;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Implementation} | {Scenario.Clients} x {Scenario.Rate:N0}/s | {Run} | {shares.Average():0.0}% ({shares.Min():0.0}–{shares.Max():0.0}%) | {Time(Clients.P50)} / {Time(Clients.P99)} / {Time(Clients.Max)} | {Endings}/{count} | {Cores:0.00} cores | {WorkingSetPerConnection / 1024:0.0} KiB, {HeapPerConnection / 1024:0.0} KiB | {Clients.Cores:0.00} cores |");
    }

    private static string Time(double milliseconds) =>
        double.IsNaN(milliseconds) ? "–"
        : milliseconds >= 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1_000:0.00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms");
}
