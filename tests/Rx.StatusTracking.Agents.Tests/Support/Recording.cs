using Microsoft.Reactive.Testing;

namespace Rx.StatusTracking.Agents.Tests.Support;

/// <summary>A strict tracker on virtual time, and its statuses as lines that tests compare exactly.</summary>
internal sealed class Recording : IDisposable
{
    public Recording()
    {
        Tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = Scheduler, Validation = StatusValidation.Strict });
    }

    public TestScheduler Scheduler { get; } = new();

    public ChatStatusTracker Tracker { get; }

    /// <summary>"step State: description" per status, in sequence order.</summary>
    public IReadOnlyList<string> Lines => [.. Tracker.History.Select(static s => $"{s.Step} {s.State}: {s.Description}")];

    /// <summary>Advances virtual time by <paramref name="seconds"/>.</summary>
    public void Wait(int seconds) => Scheduler.AdvanceBy(TimeSpan.FromSeconds(seconds).Ticks);

    public void Dispose() => Tracker.Dispose();
}
