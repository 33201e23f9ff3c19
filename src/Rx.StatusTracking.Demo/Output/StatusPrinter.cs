using System.Globalization;

namespace Rx.StatusTracking.Demo.Output;

/// <summary>
/// Prints statuses as lines: coloured by state on a terminal, plain text when output is redirected
/// (or NO_COLOR is set), so logs and pipes get clean lines.
/// </summary>
internal sealed class StatusPrinter(TextWriter output, bool useColor, DateTimeOffset start)
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

        if (!useColor)
        {
            output.WriteLine(line);
            return;
        }

        output.WriteLine($"\u001b[{ColorOf(status.State)}m{line}\u001b[0m");
    }

    public void PrintSummary(ExecutionSummary summary)
    {
        output.WriteLine();
        output.WriteLine(useColor ? $"\u001b[1mSummary\u001b[0m" : "Summary");
        output.WriteLine(summary.ToString());
    }

    private static string ColorOf(StatusState state) => state switch
    {
        StatusState.Pending => "90",
        StatusState.Executing => "36",
        StatusState.Completed => "32",
        StatusState.Failed => "31",
        _ => "0",
    };
}
