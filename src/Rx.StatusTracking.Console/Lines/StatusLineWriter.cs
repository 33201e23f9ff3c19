using System.Globalization;
using Rx.StatusTracking.Console.Internal;

namespace Rx.StatusTracking.Console;

/// <summary>
/// Writes statuses as plain lines, one per status, for output that is not a live terminal (a pipe, a CI log, a file,
/// <c>NO_COLOR</c>): <c>[+ 1.25s] #7   step 3  Failed     The search failed.  (System.TimeoutException)</c>.
/// A child step names its parent (<c>step 4 in 3</c>), a step waiting for a person is <c>AwaitingInput</c>, and a
/// progress figure follows the description: <c>[+ 2.00s] #9   step 5 in 1  Executing  Downloading the report.  50%</c>.
/// </summary>
/// <remarks>Not thread-safe: give it one status at a time, as a tracker's subscribers receive them.</remarks>
public sealed class StatusLineWriter
{
    private readonly TextWriter _output;
    private DateTimeOffset? _start;

    /// <summary>Creates a writer.</summary>
    /// <param name="output">Where the lines go, such as <c>Console.Out</c>.</param>
    /// <param name="start">The time elapsed times count from; <see langword="null"/> (the default) counts from the first status written.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public StatusLineWriter(TextWriter output, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _start = start;
    }

    /// <summary>
    /// Writes one line: the time since the start, the sequence, the step (<c>step 4 in 3</c> for a child of step 3), the
    /// state (<c>Reset</c> for a reset marker), the description, then the progress figure (<c>50%</c>) or the error's type
    /// when there is one.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public void Write(ChatStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _start ??= status.Timestamp;
        var elapsed = (status.Timestamp - _start.Value).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var state = status.IsReset ? "Reset" : status.State.ToString();
        var line = string.Create(CultureInfo.InvariantCulture, $"[+{elapsed,5}s] #{status.Sequence,-3} {StepLabel.Of(status.Step, status.ParentStep)}  {state,-9}  {status.Description}");
        if (status.Progress is { } progress)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"  {StepPercent.Of(progress)}%");
        }

        if (status.Error is { } error)
        {
            line += $"  ({error.Type})";
        }

        _output.WriteLine(line);
    }

    /// <summary>Writes a blank line, <c>Summary</c>, and the summary's text.</summary>
    /// <param name="summary">The summary, such as <see cref="ChatStatusTracker.GetSummary"/>'s.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public void WriteSummary(ExecutionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _output.WriteLine();
        _output.WriteLine("Summary");
        _output.WriteLine(summary.ToString());
    }
}
