using System.Reactive.Linq;
using Rx.StatusTracking.Tests.Support;
using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Marbles;
using static Rx.StatusTracking.StatusState;

namespace Rx.StatusTracking.Tests.Operators;

public class ThrottleUpdatesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromTicks(100);

    private static ITestableObservable<ChatStatus> SteadyStream(TestScheduler scheduler) => scheduler.CreateHotObservable(
        OnNext(210, S("a", 1, Executing)),
        OnNext(230, S("b", 1, Executing)),
        OnNext(250, S("c", 1, Executing)),
        OnNext(270, S("d", 1, Executing)),
        OnNext(290, S("e", 1, Executing)),
        OnNext(330, S("f", 1, Executing)),
        OnNext(360, S("g", 1, Executing)),
        OnCompleted<ChatStatus>(380));

    [Fact]
    public void Emits_the_first_status_then_the_newest_once_per_window_and_the_final_one_at_completion()
    {
        var scheduler = new TestScheduler();
        var source = SteadyStream(scheduler);

        var result = scheduler.Start(() => source.ThrottleUpdates(Window, scheduler));

        Assert.Equal(["210:a", "310:e", "380:g", "380:|"], result.Messages.Render());
    }

    [Fact]
    public void Rx_Throttle_is_a_debounce_and_says_nothing_while_updates_keep_coming()
    {
        var scheduler = new TestScheduler();
        var source = SteadyStream(scheduler);

        var result = scheduler.Start(() => source.Throttle(Window, scheduler));

        Assert.Equal(["380:g", "380:|"], result.Messages.Render());
    }

    [Fact]
    public void Endings_inside_a_window_are_never_dropped()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("x", 2, Executing)),
            OnNext(230, S("a done", 1, Completed)),
            OnNext(240, S("y", 3, Executing)),
            OnNext(250, S("x failed", 2, Failed)),
            OnNext(260, S("z", 3, Executing)));

        var result = scheduler.Start(() => source.ThrottleUpdates(Window, scheduler));

        Assert.Equal(["210:a", "310:a done", "310:x failed", "310:z"], result.Messages.Render());
    }

    [Fact]
    public void After_a_quiet_window_the_next_status_passes_at_once()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(500, S("b", 1, Executing)),
            OnNext(520, S("c", 1, Executing)));

        var result = scheduler.Start(() => source.ThrottleUpdates(Window, scheduler));

        Assert.Equal(["210:a", "500:b", "600:c"], result.Messages.Render());
    }

    [Fact]
    public void An_error_comes_after_the_waiting_status()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnError<ChatStatus>(230, new TimeoutException("gone")));

        var result = scheduler.Start(() => source.ThrottleUpdates(Window, scheduler));

        Assert.Equal(["210:a", "230:b", "230:X(gone)"], result.Messages.Render());
    }
}
