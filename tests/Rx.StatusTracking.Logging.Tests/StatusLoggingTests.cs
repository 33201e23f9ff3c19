using System.Reactive.Subjects;
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

    private static ChatStatus FailWithThrown(ChatStatusTracker tracker, int step)
    {
        try
        {
            throw new TimeoutException("slow");
        }
        catch (TimeoutException exception)
        {
            return tracker.Failed(step, "timed out", exception);
        }
    }

    [Fact]
    public void Failures_can_be_errors_with_stack_traces()
    {
        var (tracker, logs, factory) = Logged(new StatusLogOptions { FailureLevel = LogLevel.Error, IncludeStackTrace = true });
        using (factory)
        using (tracker)
        {
            FailWithThrown(tracker, 1);
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains(nameof(FailWithThrown), entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("op-1", ", operation op-1")]
    public void Each_state_is_logged_at_its_level_with_structured_fields_and_reads_naturally_with_or_without_operation_id_and_error_details(string? operationId, string operation)
    {
        var (tracker, logs, factory) = Logged(new StatusLogOptions { OperationId = operationId, IncludeStackTrace = true });
        ChatStatus thrown;
        using (factory)
        using (tracker)
        {
            tracker.Pending(1, "queued");
            tracker.Executing(1, "running");
            tracker.Completed(1, "done");
            tracker.Failed(2, "gave up");
            tracker.Failed(3, "The weather_api tool failed: HTTP 503.", new HttpRequestException("HTTP 503"));
            thrown = FailWithThrown(tracker, 4);
            tracker.Reset();
        }

        Assert.Equal(
            [
                $"Step 1 Pending: queued (#1{operation})",
                $"Step 1 Executing: running (#2{operation})",
                $"Step 1 Completed: done (#3{operation})",
                $"Step 2 Failed: gave up (#4{operation})",
                $"Step 3 Failed: The weather_api tool failed: HTTP 503. [System.Net.Http.HttpRequestException: HTTP 503] (#5{operation})",
                $"Step 4 Failed: timed out [System.TimeoutException: slow] (#6{operation})\n{thrown.Error!.StackTrace}",
                $"Status tracking was reset (#7{operation})",
            ],
            logs.Entries.Select(e => e.Message));
        Assert.Equal([1, 2, 3, 4, 4, 4, 5], logs.Entries.Select(e => e.EventId.Id));
        Assert.Equal(
            [LogLevel.Debug, LogLevel.Information, LogLevel.Information, LogLevel.Warning, LogLevel.Warning, LogLevel.Warning, LogLevel.Information],
            logs.Entries.Select(e => e.Level));
        var failed = logs.Entries[4].Fields;
        Assert.Equal((3, StatusState.Failed, 5L), (failed["Step"], failed["State"], failed["Sequence"]));
        Assert.Equal(("System.Net.Http.HttpRequestException", "HTTP 503"), (failed["ErrorType"], failed["ErrorMessage"]));
        Assert.All(logs.Entries, e => Assert.Equal(operationId, e.Fields.GetValueOrDefault("OperationId")));
        Assert.Equal(
            [
                "Step, State, Description, Sequence",
                "Step, State, Description, ErrorType, ErrorMessage, Sequence",
                "Step, State, Description, ErrorType, ErrorMessage, Sequence, StackTrace",
            ],
            logs.Entries.Skip(3).Take(3).Select(e => string.Join(", ", e.Fields.Keys.Where(k => k is not ("OperationId" or "{OriginalFormat}")))));
        Assert.Equal(thrown.Error.StackTrace, logs.Entries[5].Fields["StackTrace"]);
    }

    [Fact]
    public void Stack_traces_are_left_out_unless_asked_for()
    {
        var (tracker, logs, factory) = Logged();
        using (factory)
        using (tracker)
        {
            FailWithThrown(tracker, 1);
        }

        var entry = Assert.Single(logs.Entries);
        Assert.Equal("Step 1 Failed: timed out [System.TimeoutException: slow] (#1)", entry.Message);
        Assert.False(entry.Fields.ContainsKey("StackTrace"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("op-1", " (operation op-1)")]
    public void A_failing_stream_is_logged_once_as_an_error_and_nothing_is_thrown_at_the_producer(string? operationId, string operation)
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var statuses = new Subject<ChatStatus>();
        using var logging = statuses.LogTo(factory.CreateLogger("chat"), new StatusLogOptions { OperationId = operationId });
        var broken = new IOException("connection lost");

        statuses.OnNext(new ChatStatus { Step = 1, State = StatusState.Executing, Description = "running", Sequence = 1 });
        var thrown = Record.Exception(() => statuses.OnError(broken));

        Assert.Null(thrown);
        Assert.Equal(2, logs.Entries.Count);
        var entry = logs.Entries[1];
        Assert.Equal((LogLevel.Error, 6), (entry.Level, entry.EventId.Id));
        Assert.Equal($"The status stream failed; logging stopped [System.IO.IOException: connection lost]{operation}", entry.Message);
        Assert.Same(broken, entry.Exception);
        Assert.Equal(("System.IO.IOException", "connection lost"), (entry.Fields["ErrorType"], entry.Fields["ErrorMessage"]));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        using var tracker = new ChatStatusTracker();
        using var factory = LoggerFactory.Create(_ => { });
        var logger = factory.CreateLogger("x");
        Assert.Throws<ArgumentNullException>("logger", () => tracker.LogTo(null!));
        Assert.Throws<ArgumentOutOfRangeException>("FailureLevel", () => tracker.LogTo(logger, new StatusLogOptions { FailureLevel = LogLevel.Debug }));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("op-1", ", operation op-1")]
    public void A_step_waiting_for_input_is_logged_as_information_not_as_a_failure(string? operationId, string operation)
    {
        var (tracker, logs, factory) = Logged(new StatusLogOptions { OperationId = operationId });
        using (factory)
        using (tracker)
        {
            tracker.Executing(1, "running");
            tracker.AwaitingInput(1, "The send_email tool is waiting for approval.");
        }

        var entry = logs.Entries[1];
        Assert.Equal((LogLevel.Information, 7), (entry.Level, entry.EventId.Id));
        Assert.Equal($"Step 1 AwaitingInput: The send_email tool is waiting for approval. (#2{operation})", entry.Message);
        Assert.Equal((1, StatusState.AwaitingInput, 2L), (entry.Fields["Step"], entry.Fields["State"], entry.Fields["Sequence"]));
    }
}
