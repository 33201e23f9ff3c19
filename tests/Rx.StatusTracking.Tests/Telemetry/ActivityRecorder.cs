using System.Diagnostics;

namespace Rx.StatusTracking.Tests.Telemetry;

/// <summary>An activity source of a test's own, and the spans it stopped, in order.</summary>
public sealed class ActivityRecorder : IDisposable
{
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public ActivityRecorder(string name)
    {
        Source = new ActivitySource($"{name}.{Guid.NewGuid():N}");
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s == Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_stopped)
                {
                    _stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The source to trace to; only this recorder listens to it.</summary>
    public ActivitySource Source { get; }

    /// <summary>The spans stopped so far.</summary>
    public Activity[] Stopped
    {
        get
        {
            lock (_stopped)
            {
                return [.. _stopped];
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        Source.Dispose();
    }
}
