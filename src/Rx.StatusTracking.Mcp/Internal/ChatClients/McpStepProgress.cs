using System.Globalization;
using ModelContextProtocol;

namespace Rx.StatusTracking.Mcp.Internal;

/// <summary>
/// The progress of one MCP tool call, reported on the tool call's step: a figure (progress / total) and the
/// notification's message as the step's description, until the call ends.
/// </summary>
/// <remarks>
/// The SDK's client handles each incoming message on a task of its own, so notifications can arrive out of order and
/// after the call returned. MCP's progress only increases, so one not above the highest seen is an older one and is
/// dropped; once the call ended (<see cref="Close"/>, before its Completed or Failed status) nothing more is reported,
/// so a late notification never reopens a finished step. MCP's figures are floats: each is widened to the double its
/// shortest decimal text names before dividing, so 1 of 3 is 0.3333333333333333 and 0.1 stays 0.1, without float noise.
/// </remarks>
internal sealed class McpStepProgress(ChatStatusTracker tracker, int step, object? data) : IProgress<ProgressNotificationValue>
{
    private readonly Lock _gate = new();
    private float _highest = float.NegativeInfinity;
    private double? _fraction;
    private bool _closed;

    public void Report(ProgressNotificationValue value)
    {
        lock (_gate)
        {
            if (_closed || !(value.Progress > _highest))
            {
                return;
            }

            _highest = value.Progress;
            var description = string.IsNullOrWhiteSpace(value.Message) ? null : value.Message;
            if (value.Total is { } total && total > 0)
            {
                // The figure only rises: a fraction below the last one (a larger total sent later) keeps the last.
                _fraction = Math.Max(_fraction ?? 0, Math.Clamp(Widen(value.Progress) / Widen(total), 0, 1));
                tracker.ReportProgress(step, _fraction.Value, description, data);
            }
            else if (description is not null)
            {
                // Without a total there is no fraction: the message alone is news, and the step keeps its last figure.
                if (_fraction is { } last)
                {
                    tracker.ReportProgress(step, last, description, data);
                }
                else
                {
                    tracker.Executing(step, description, data);
                }
            }
        }
    }

    // A float's shortest round-trip text is the decimal the sender meant (0.1f, not 0.100000001490116).
    private static double Widen(float value) =>
        double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}
