using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Logging.Tests;

public class StatusLoggingTests
{
    private static (ChatStatusTracker Tracker, CapturingLoggerProvider Logs, ILoggerFactory Factory) Logged(StatusLogOptions? options = null)
    {
        var logs = new CapturingLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var tracker = new ChatStatusTracker();
        tracker.LogTo(factory.CreateLogger("chat"), options);
        return (tracker, logs, factory);
    }

    [Fact]
    public void Each_state_is_logged_at_its_level_with_structured_fields()
    {
        var (tracker, logs, factory) = Logged(new StatusLogOptions { OperationId = "op-1" });
        using (factory)
        using (tracker)
        {
            tracker.Pending(1, "queued");
            tracker.Executing(1, "running");
            tracker.Completed(1, "done");
            tracker.Executing(2, "calling");
            tracker.Failed(2, "The weather_api tool failed: HTTP 503.", new HttpRequestException("HTTP 503"));
            tracker.Reset();
        }

        Assert.Equal(
            [LogLevel.Debug, LogLevel.Information, LogLevel.Information, LogLevel.Information, LogLevel.Warning, LogLevel.Information],
            logs.Entries.Select(e => e.Level));
        Assert.Equal([1, 2, 3, 2, 4, 5], logs.Entries.Select(e => e.EventId.Id));
        Assert.Equal("Step 1 Completed: done (#3, operation op-1)", logs.Entries[2].Message);

        var failed = logs.Entries[4];
        Assert.Equal(2, failed.Fields["Step"]);
        Assert.Equal(StatusState.Failed, failed.Fields["State"]);
        Assert.Equal(5L, failed.Fields["Sequence"]);
        Assert.Equal("op-1", failed.Fields["OperationId"]);
        Assert.Equal("System.Net.Http.HttpRequestException", failed.Fields["ErrorType"]);
        Assert.Equal("HTTP 503", failed.Fields["ErrorMessage"]);
        Assert.Equal("Step 2 Failed: The weather_api tool failed: HTTP 503. [System.Net.Http.HttpRequestException: HTTP 503] (#5, operation op-1)", failed.Message);
        Assert.Equal("Status tracking was reset (#6, operation op-1)", logs.Entries[5].Message);
    }

    [Fact]
    public void Failures_can_be_errors_with_stack_traces()
    {
        var (tracker, logs, factory) = Logged(new StatusLogOptions { FailureLevel = LogLevel.Error, IncludeStackTrace = true });
        using (factory)
        using (tracker)
        {
            try
            {
                throw new TimeoutException("slow");
            }
            catch (TimeoutException exception)
            {
                tracker.Failed(1, "timed out", exception);
            }
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains(nameof(Failures_can_be_errors_with_stack_traces), entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        using var tracker = new ChatStatusTracker();
        using var factory = LoggerFactory.Create(_ => { });
        var logger = factory.CreateLogger("x");
        Assert.Throws<ArgumentNullException>("logger", () => tracker.LogTo(null!));
        Assert.Throws<ArgumentOutOfRangeException>("options", () => tracker.LogTo(logger, new StatusLogOptions { FailureLevel = LogLevel.Debug }));
    }
}
