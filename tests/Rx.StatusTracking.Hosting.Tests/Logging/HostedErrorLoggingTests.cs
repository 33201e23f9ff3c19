using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Hosting.Tests.Support;
using Rx.StatusTracking.Logging.Tests;

namespace Rx.StatusTracking.Hosting.Tests.Logging;

public class HostedErrorLoggingTests
{
    private static List<CapturingLoggerProvider.Entry> Logged(CapturingLoggerProvider logs)
    {
        lock (logs.Entries)
        {
            return [.. logs.Entries.Where(e => e.Category == StatusHubLoggingOptions.Category)];
        }
    }

    [Fact]
    public async Task While_the_host_runs_the_hubs_and_its_trackers_errors_are_logged_at_their_levels_and_not_after_it_stopped()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Hosts.Generic(logs);
        builder.Services.AddStatusTracking(o => o.HistoryLimit = 2);
        using var host = builder.Build();
        var hub = host.Services.GetRequiredService<StatusHub>();
        var early = hub.Create("early");
        early.Executing(-1, "before the host started"); // not logged: the host has not started

        await host.StartAsync();
        var late = hub.Create("late");
        early.Executing(2, "one");
        early.Executing(3, "two");                        // trims the history: Information
        late.Completed(1, "done");
        late.Executing(1, "again");                       // refused: Warning
        using (late.Subscribe(_ => throw new InvalidOperationException("boom")))
        {
            late.Executing(2, "delivered to a throwing subscriber"); // Error
        }

        await host.StopAsync();
        late.Executing(-3, "after the host stopped");     // not logged

        var logged = Logged(logs);
        Assert.Equal(
            [
                (LogLevel.Information, 13, "HistoryTrimmed: The history is full (2): the oldest statuses are being dropped; 1 dropped since the last reset. (operation early)"),
                (LogLevel.Warning, 11, "InvalidTransition: Step 1 cannot go from Completed to Executing; the report was dropped. (operation late)"),
                (LogLevel.Error, 16, "SubscriberFailed: A subscriber threw from OnNext; delivery to the others went on. [System.InvalidOperationException: boom] (operation late)"),
            ],
            logged.Select(e => (e.Level, e.EventId.Id, e.Message)));
    }

    [Fact]
    public async Task Error_logging_can_be_switched_off()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Hosts.Generic(logs);
        builder.Services.AddStatusTracking().Configure<StatusHubLoggingOptions>(o => o.LogErrors = false);
        using var host = builder.Build();
        await host.StartAsync();

        host.Services.GetRequiredService<StatusHub>().Create("op").Executing(-1, "negative");
        await host.StopAsync();

        Assert.Empty(Logged(logs));
    }
}
