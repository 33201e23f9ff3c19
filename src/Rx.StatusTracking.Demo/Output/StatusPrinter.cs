using System.Globalization;

namespace Rx.StatusTracking.Demo.Output;

/// <summary>
/// Prints statuses as plain lines, for redirected output (pipes, CI, logs) or NO_COLOR; a terminal gets the
/// <see cref="LiveView"/> instead.
/// </summary>
internal sealed class StatusPrinter(TextWriter output, DateTimeOffset start)
{
    public void Print(ChatStatus status)
    {
        var elapsed = (status.Timestamp - start).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var state = status.IsReset ? "Reset" : status.State.ToString();
        var line = string.Create(CultureInfo.InvariantCulture, $"[+{elapsed,5}s] #{status.Sequence,-3} step {status.Step}  {state,-9}  {status.Description}");
        if (status.Error is { } error)
        {
            line += $"  ({error.Type})";
        }

        output.WriteLine(line);
    }

    public void PrintSummary(ExecutionSummary summary)
    {
        output.WriteLine();
        output.WriteLine("Summary");
        output.WriteLine(summary.ToString());
    }
}
