using System.Globalization;
using ModelContextProtocol;

namespace Rx.StatusTracking.Mcp.Tests.Support;

// Records notifications as they are reported, from any thread, each as "progress/total message".
internal sealed class RecordingProgress : IProgress<ProgressNotificationValue>
{
    private readonly List<string> _reported = [];

    public string[] Reported
    {
        get
        {
            lock (_reported)
            {
                return [.. _reported];
            }
        }
    }

    public static string Format(ProgressNotificationValue value) =>
        $"{value.Progress.ToString(CultureInfo.InvariantCulture)}/{value.Total?.ToString(CultureInfo.InvariantCulture) ?? "?"} {value.Message}";

    public void Report(ProgressNotificationValue value)
    {
        lock (_reported)
        {
            _reported.Add(Format(value));
        }
    }
}
