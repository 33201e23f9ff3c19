using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Tests.Internal;

public class StatusClockTests
{
    [Fact]
    public void Virtual_time_is_read_exactly()
    {
        var scheduler = new TestScheduler();
        var clock = new StatusClock(scheduler);

        scheduler.AdvanceTo(12_345);

        Assert.Equal(new DateTimeOffset(12_345, TimeSpan.Zero), clock.Now);
    }

    [Theory]
    [MemberData(nameof(SystemSchedulers))]
    public void The_system_schedulers_read_a_clock_that_stays_with_the_wall_clock(IScheduler scheduler)
    {
        var clock = new StatusClock(scheduler);
        var before = DateTimeOffset.UtcNow;
        var stamps = Enumerable.Range(0, 1_000).Select(_ => clock.Now).ToList();
        var after = DateTimeOffset.UtcNow;

        // The wall clock may step by a few milliseconds between its own reads; the stamps stay within that.
        var slack = TimeSpan.FromMilliseconds(50);
        Assert.All(stamps, stamp => Assert.InRange(stamp, before - slack, after + slack));
        Assert.All(stamps, stamp => Assert.Equal(TimeSpan.Zero, stamp.Offset));
        Assert.True(stamps.Zip(stamps.Skip(1)).All(pair => pair.First <= pair.Second), "monotonic between rebases");
    }

    public static TheoryData<IScheduler> SystemSchedulers() =>
        [Scheduler.Default, Scheduler.Immediate, Scheduler.CurrentThread, ThreadPoolScheduler.Instance, TaskPoolScheduler.Default, NewThreadScheduler.Default];

    [Fact]
    public void A_scheduler_that_overrides_the_clock_is_asked_every_time()
    {
        var clock = new StatusClock(new FixedClockScheduler());

        Assert.Equal(FixedClockScheduler.Time, clock.Now);
    }

    private sealed class FixedClockScheduler : LocalScheduler
    {
        public static readonly DateTimeOffset Time = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset Now => Time;

        public override IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Scheduler.Immediate.Schedule(state, dueTime, action);
    }
}
