using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Tests.Hosting;

/// <summary>How the hosted transports log their <c>Errors</c> and tell when the last report is written.</summary>
public sealed class ErrorLoggingTests
{
    [Fact]
    public void A_failed_reports_stream_is_logged_as_an_error_and_ends_the_wait_for_the_last_report()
    {
        using var logs = new CapturingLoggerProvider();
        var errors = new Subject<RedisStatusError>();
        using var logging = new ErrorLogging(errors, logs.CreateLogger("reports"));

        errors.OnError(new InvalidOperationException("broken"));

        Assert.True(logging.Written.IsCompletedSuccessfully);
        Assert.Equal(
            [new LogEntry("reports", LogLevel.Error, 2, "RedisStatusErrorsFaulted", "The reports stream failed; no further reports are logged.")],
            logs.Entries("reports"));
    }
}
