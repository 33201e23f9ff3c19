using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.Hosting.Internal;

namespace Rx.StatusTracking.Hosting.Tests.Scheduling;

public class TimeProviderSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A fake provider moves its clock to the end of an Advance before it fires the timers due, so time goes second by second.
    private static void Seconds(FakeTimeProvider time, int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void Work_runs_when_the_providers_time_reaches_its_due_time_relative_or_absolute()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new TimeProviderScheduler(time);
        var ran = new List<(string What, DateTimeOffset At)>();

        scheduler.Schedule(TimeSpan.FromSeconds(10), () => ran.Add(("relative", scheduler.Now)));
        scheduler.Schedule(Start.AddSeconds(5), () => ran.Add(("absolute", scheduler.Now)));
        Seconds(time, 4);
        var before = ran.Count;
        Seconds(time, 6);

        Assert.Equal(0, before);
        Assert.Equal([("absolute", Start.AddSeconds(5)), ("relative", Start.AddSeconds(10))], ran);
    }

    [Fact]
    public void Work_due_now_or_in_the_past_runs_when_the_providers_timer_fires()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new TimeProviderScheduler(time);
        var ran = new List<string>();

        scheduler.Schedule(() => ran.Add("now"));
        scheduler.Schedule(TimeSpan.FromSeconds(-1), () => ran.Add("past"));
        scheduler.Schedule(Start.AddDays(-1), () => ran.Add("yesterday"));

        Assert.Equal(["now", "past", "yesterday"], ran); // a fake provider fires zero-delay timers at once
    }

    [Fact]
    public void Disposing_cancels_work_not_yet_run_and_disposes_what_work_that_ran_returned()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new TimeProviderScheduler(time);
        var ran = 0;
        var returned = new BooleanDisposable();

        var cancelled = scheduler.Schedule(TimeSpan.FromSeconds(1), () => ran++);
        var done = scheduler.Schedule(0, TimeSpan.FromSeconds(1), (_, _) => returned);
        cancelled.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        var disposedEarly = returned.IsDisposed;
        done.Dispose();
        done.Dispose();

        Assert.Equal(0, ran);
        Assert.False(disposedEarly);
        Assert.True(returned.IsDisposed);
    }

    [Fact]
    public void Recursive_and_periodic_scheduling_through_Rx_run_on_the_providers_time()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new TimeProviderScheduler(time);
        var ticks = new List<DateTimeOffset>();

        using (scheduler.SchedulePeriodic(TimeSpan.FromSeconds(2), () => ticks.Add(scheduler.Now)))
        {
            Seconds(time, 7);
        }

        Seconds(time, 10);
        Assert.Equal([Start.AddSeconds(2), Start.AddSeconds(4), Start.AddSeconds(6)], ticks);
    }

    [Fact]
    public void A_null_action_is_refused()
    {
        var scheduler = new TimeProviderScheduler(TimeProvider.System);
        Assert.Equal("action", Assert.Throws<ArgumentNullException>(() => scheduler.Schedule<int>(0, TimeSpan.Zero, null!)).ParamName);
    }
}
