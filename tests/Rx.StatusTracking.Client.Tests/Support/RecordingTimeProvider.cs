using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Rx.StatusTracking.Client.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that keeps the due time of every timer created on it: the delays a client really waits.</summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    public ConcurrentQueue<TimeSpan> TimerDueTimes { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        TimerDueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
