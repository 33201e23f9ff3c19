using Rx.StatusTracking.Tests.Support;
using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Marbles;
using static Rx.StatusTracking.StatusState;

namespace Rx.StatusTracking.Tests.Operators;

public class ConflateTests
{
    private static readonly TimeSpan Window = TimeSpan.FromTicks(100);

    [Fact]
    public void Keeps_the_newest_status_per_step_per_window()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnNext(230, S("c", 1, Executing)),
            OnNext(250, S("e", 2, Executing)),
            OnNext(320, S("d", 1, Completed)),
            OnCompleted<ChatStatus>(500));

        var result = scheduler.Start(() => source.Conflate(Window, scheduler));

        Assert.Equal(["210:a", "250:e", "310:c", "410:d", "500:|"], result.Messages.Render());
    }

    [Fact]
    public void An_ending_waiting_in_a_window_is_delivered_before_a_retry_replaces_it()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("failed", 1, Failed)),
            OnNext(230, S("retry", 1, Executing)),
            OnNext(240, S("retry progress", 1, Executing)));

        var result = scheduler.Start(() => source.Conflate(Window, scheduler));

        Assert.Equal(["210:a", "230:failed", "310:retry progress"], result.Messages.Render());
    }

    [Fact]
    public void Completion_comes_after_what_was_waiting_in_sequence_order()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(215, S("x", 2, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnNext(225, S("y", 2, Completed)),
            OnCompleted<ChatStatus>(240));

        var result = scheduler.Start(() => source.Conflate(Window, scheduler));

        Assert.Equal(["210:a", "215:x", "240:b", "240:y", "240:|"], result.Messages.Render());
    }

    [Fact]
    public void An_error_comes_after_what_was_waiting()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnError<ChatStatus>(240, new InvalidOperationException("boom")));

        var result = scheduler.Start(() => source.Conflate(Window, scheduler));

        Assert.Equal(["210:a", "240:b", "240:X(boom)"], result.Messages.Render());
    }

    [Fact]
    public void A_reset_marker_passes_at_once_after_what_was_waiting_and_starts_every_step_afresh()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnNext(230, Reset()),
            OnNext(240, S("c", 1, Executing)));

        var result = scheduler.Start(() => source.Conflate(Window, scheduler));

        Assert.Equal(["210:a", "230:b", "230:R", "240:c"], result.Messages.Render());
    }

    [Fact]
    public void Disposing_stops_pending_timers()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)));

        var result = scheduler.Start(() => source.Conflate(Window, scheduler), created: 100, subscribed: 200, disposed: 250);

        Assert.Equal(["210:a"], result.Messages.Render());
        scheduler.AdvanceTo(1_000);
        Assert.Equal(["210:a"], result.Messages.Render());
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var source = new ChatStatusTracker();
        Assert.Throws<ArgumentNullException>("source", () => ((IObservable<ChatStatus>)null!).Conflate(Window, new TestScheduler()));
        Assert.Throws<ArgumentNullException>("scheduler", () => source.Conflate(Window, null!));
        Assert.Throws<ArgumentOutOfRangeException>("window", () => source.Conflate(TimeSpan.Zero, new TestScheduler()));
    }
}
