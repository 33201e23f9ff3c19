using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Tests;

public class StatusErrorLoggingTests
{
    private static (CapturingLoggerProvider Logs, ILoggerFactory Factory) Capturing()
    {
        var logs = new CapturingLoggerProvider();
        return (logs, LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("op-1", " (operation op-1)")]
    public void Each_kind_is_logged_at_the_level_of_its_severity_with_its_own_event_id_and_structured_fields(string? operationId, string operation)
    {
        var (logs, factory) = Capturing();
        var boom = new InvalidOperationException("boom");
        using (factory)
        using (var tracker = new ChatStatusTracker(s => throw boom, new StatusTrackerOptions { HistoryLimit = 2 }))
        using (tracker.Errors.LogTo(factory.CreateLogger("errors"), new StatusErrorLogOptions { OperationId = operationId }))
        using (tracker.Subscribe(s => throw boom))
        {
            // Each recorded status: CallbackFailed and SubscriberFailed.
            tracker.Executing(-1, "negative");          // InvalidArgument
            tracker.Failed(1, "failed once");
            tracker.Failed(2, "failed twice");           // HistoryTrimmed
            tracker.Failed(3, "failed thrice");          // FailuresTrimmed
            tracker.Completed(2, "not after a failure"); // InvalidTransition
            tracker.Complete();
            tracker.Executing(3, "too late");            // ReportAfterCompletion
        }

        var entries = logs.Entries.Where(e => e.Level != LogLevel.Error).ToList();
        Assert.Equal(
            [
                $"InvalidArgument: Step -1 is negative; the status was recorded as step 0.{operation}",
                $"HistoryTrimmed: The history is full (2): the oldest statuses are being dropped; 1 dropped since the last reset.{operation}",
                $"FailuresTrimmed: The retained failures are full (2): the oldest statuses are being dropped; 1 dropped since the last reset.{operation}",
                $"InvalidTransition: Step 2 cannot go from Failed to Completed; the report was dropped.{operation}",
                $"ReportAfterCompletion: Step 3 reported Executing after the tracker completed; it was not recorded.{operation}",
            ],
            entries.Select(e => e.Message));
        Assert.Equal([10, 13, 14, 11, 12], entries.Select(e => e.EventId.Id));
        Assert.Equal(["InvalidArgument", "HistoryTrimmed", "FailuresTrimmed", "InvalidTransition", "ReportAfterCompletion"], entries.Select(e => e.EventId.Name));
        Assert.Equal([LogLevel.Warning, LogLevel.Information, LogLevel.Information, LogLevel.Warning, LogLevel.Warning], entries.Select(e => e.Level));

        var faults = logs.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal([15, 16, 15, 16, 15, 16, 15, 16], faults.Select(e => e.EventId.Id));
        Assert.All(faults, e => Assert.Same(boom, e.Exception));
        Assert.All(faults, e => Assert.EndsWith($" [System.InvalidOperationException: boom]{operation}", e.Message, StringComparison.Ordinal));
        Assert.Equal(("System.InvalidOperationException", "boom"), (faults[1].Fields["ErrorType"], faults[1].Fields["ErrorMessage"]));
        Assert.Equal(StatusTrackingErrorKind.SubscriberFailed, faults[1].Fields["Kind"]);

        Assert.All(logs.Entries, e => Assert.Equal(operationId, e.Fields.GetValueOrDefault("OperationId")));
        Assert.All(entries, e => Assert.Null(e.Exception));
        Assert.Equal(
            ["Kind, Detail", "Kind, Detail, ErrorType, ErrorMessage"],
            new[] { entries[0], faults[0] }.Select(e => string.Join(", ", e.Fields.Keys.Where(k => k is not ("OperationId" or "{OriginalFormat}")))));
    }

    [Fact]
    public void A_failing_error_stream_is_logged_once_as_an_error_and_not_thrown_back()
    {
        var (logs, factory) = Capturing();
        using var errors = new Subject<StatusTrackingError>();
        using (factory)
        using (errors.LogTo(factory.CreateLogger("errors"), new StatusErrorLogOptions { OperationId = "op-9" }))
        {
            errors.OnError(new IOException("connection lost"));
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Equal((LogLevel.Error, 9), (entry.Level, entry.EventId.Id));
        Assert.Equal("The error stream failed; logging stopped [System.IO.IOException: connection lost] (operation op-9)", entry.Message);
    }

    [Fact]
    public void Disposing_the_subscription_stops_logging()
    {
        var (logs, factory) = Capturing();
        using (factory)
        using (var tracker = new ChatStatusTracker())
        {
            tracker.Errors.LogTo(factory.CreateLogger("errors")).Dispose();
            tracker.Executing(-1, "negative");
        }

        Assert.Empty(logs.Entries);
    }

    [Fact]
    public void Levels_the_logger_does_not_enable_are_not_written()
    {
        var logs = new CapturingLoggerProvider();
        using (var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Warning)))
        using (var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 1 }))
        using (tracker.Errors.LogTo(factory.CreateLogger("errors")))
        {
            tracker.Executing(1, "one");
            tracker.Executing(2, "two"); // a trim: Information
            tracker.Executing(-1, "bad"); // a fallback: Warning
        }

        Assert.Equal([LogLevel.Warning], logs.Entries.Select(e => e.Level));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        using var factory = LoggerFactory.Create(_ => { });
        var logger = factory.CreateLogger("errors");
        using var hub = new StatusHub();
        Assert.Equal("errors", Assert.Throws<ArgumentNullException>(() => ((IObservable<StatusTrackingError>)null!).LogTo(logger)).ParamName);
        Assert.Equal("logger", Assert.Throws<ArgumentNullException>(() => Observable.Empty<StatusTrackingError>().LogTo(null!)).ParamName);
        Assert.Equal("hub", Assert.Throws<ArgumentNullException>(() => ((StatusHub)null!).LogErrorsTo(logger)).ParamName);
        Assert.Equal("logger", Assert.Throws<ArgumentNullException>(() => hub.LogErrorsTo(null!)).ParamName);
    }
}
