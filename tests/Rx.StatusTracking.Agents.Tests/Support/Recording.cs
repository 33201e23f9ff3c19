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

    /// <summary>"step State: description" per status, "step in parent State: description" for a child, in sequence order.</summary>
    public IReadOnlyList<string> Lines => [.. Tracker.History.Select(Line)];

    /// <summary>One status as <see cref="Lines"/> shows it.</summary>
    public static string Line(ChatStatus s) => $"{s.Step}{(s.ParentStep is { } parent ? $" in {parent}" : "")} {s.State}: {s.Description}";

    /// <summary>Advances virtual time by <paramref name="seconds"/>.</summary>
    public void Wait(int seconds) => Scheduler.AdvanceBy(TimeSpan.FromSeconds(seconds).Ticks);

    public void Dispose() => Tracker.Dispose();
}
