namespace Rx.StatusTracking.Tests.Support;

internal static class Trackers
{
    public static ChatStatusTracker OnTestScheduler(
        TestScheduler scheduler,
        StatusValidation validation = StatusValidation.Lenient,
        int historyLimit = StatusTrackerOptions.DefaultHistoryLimit,
        Action<ChatStatus>? onStatus = null) =>
        new(onStatus, new StatusTrackerOptions { Scheduler = scheduler, Validation = validation, HistoryLimit = historyLimit });

    public static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    public static ChatStatus Status(int step, string description, StatusState state, long ticks, long sequence, object? data = null) =>
        new() { Step = step, Description = description, State = state, Timestamp = At(ticks), Sequence = sequence, Data = data };

    public static List<StatusTrackingError> RecordErrors(this ChatStatusTracker tracker)
    {
        var errors = new List<StatusTrackingError>();
        tracker.Errors.Subscribe(e =>
        {
            lock (errors)
            {
                errors.Add(e);
            }
        });
        return errors;
    }
}
