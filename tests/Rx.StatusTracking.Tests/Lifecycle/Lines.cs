namespace Rx.StatusTracking.Tests.Lifecycle;

/// <summary>Renders recorded statuses as "ticks:step State: description [error type]" lines for exact comparison.</summary>
internal static class Lines
{
    public static string[] Of(IEnumerable<ChatStatus> statuses) =>
        [.. statuses.Select(s => $"{s.Timestamp.Ticks}:{s.Step} {s.State}: {s.Description}" + (s.Error is { } e ? $" [{e.Type}]" : ""))];

    public static string[] History(this ChatStatusTracker tracker) => Of(tracker.History);

    public static StatusHub Hub(TestScheduler scheduler, StatusValidation validation = StatusValidation.Lenient, int maxOperations = 10) =>
        new(new StatusHubOptions { Scheduler = scheduler, Validation = validation, MaxOperations = maxOperations });
}
