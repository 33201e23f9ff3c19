using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Tests;

public class HubErrorLoggingTests
{
    [Fact]
    public void The_hubs_errors_and_each_operations_tracker_errors_are_logged_with_the_operation_id_until_it_is_evicted()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var hub = new StatusHub(new StatusHubOptions { MaxOperations = 2 });
        var before = hub.Create("before");
        using var logging = hub.LogErrorsTo(factory.CreateLogger("Rx.StatusTracking"));
        var after = hub.Create("after");
        using var throwing = hub.Events.Subscribe(_ => throw new InvalidOperationException("boom"));

        before.Executing(-1, "negative");
        after.Complete();
        after.Executing(1, "too late");
        before.Complete();
        hub.Create("third");             // evicts "after", the first to complete
        var again = hub.Create("after"); // evicts "before"; the id "after" is taken again
        again.Executing(-2, "negative");
        before.Executing(2, "too late"); // evicted: its tracker is disposed, nothing more is logged from it

        Assert.Equal(
            [
                "InvalidArgument: Step -1 is negative; the status was recorded as step 0. (operation before)",
                "SubscriberFailed: A subscriber of StatusHub.Events threw; delivery went on. [System.InvalidOperationException: boom]",
                "ReportAfterCompletion: Step 1 reported Executing after the tracker completed; it was not recorded. (operation after)",
                "SubscriberFailed: A subscriber of StatusHub.Events threw; delivery went on. [System.InvalidOperationException: boom]",
                "SubscriberFailed: A subscriber of StatusHub.Events threw; delivery went on. [System.InvalidOperationException: boom]",
                "SubscriberFailed: A subscriber of StatusHub.Events threw; delivery went on. [System.InvalidOperationException: boom]",
                "SubscriberFailed: A subscriber of StatusHub.Events threw; delivery went on. [System.InvalidOperationException: boom]",
                "SubscriberFailed: A subscriber of StatusHub.Events threw; delivery went on. [System.InvalidOperationException: boom]",
                "InvalidArgument: Step -2 is negative; the status was recorded as step 0. (operation after)",
            ],
            logs.Entries.Select(e => e.Message));
        Assert.All(logs.Entries, e => Assert.Equal("Rx.StatusTracking", e.Category));
    }

    [Fact]
    public void Disposing_the_subscription_stops_logging_the_hub_and_its_trackers()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var hub = new StatusHub();
        var tracker = hub.Create("op");
        var logging = hub.LogErrorsTo(factory.CreateLogger("Rx.StatusTracking"));
        tracker.Executing(-1, "negative");

        logging.Dispose();
        logging.Dispose();
        tracker.Executing(-2, "negative");
        hub.Create("later").Executing(-3, "negative");
        using var throwing = hub.Events.Subscribe(_ => throw new InvalidOperationException("boom"));
        hub.Create("last");

        Assert.Equal(["InvalidArgument: Step -1 is negative; the status was recorded as step 0. (operation op)"], logs.Entries.Select(e => e.Message));
    }
}
