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
/// so a late notification never reopens a finished step.
/// </remarks>
internal sealed class McpStepProgress(ChatStatusTracker tracker, int step, object? data) : IProgress<ProgressNotificationValue>
{
    private readonly Lock _gate = new();
    private float _highest = float.NegativeInfinity;
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
                tracker.ReportProgress(step, Math.Clamp(value.Progress / total, 0, 1), description, data);
            }
            else if (description is not null)
            {
                // Without a total there is no fraction: the message alone is news.
                tracker.Executing(step, description, data);
            }
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}
