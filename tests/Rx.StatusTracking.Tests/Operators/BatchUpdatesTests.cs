using Rx.StatusTracking.Tests.Support;
using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Marbles;
using static Rx.StatusTracking.StatusState;

namespace Rx.StatusTracking.Tests.Operators;

public class BatchUpdatesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromTicks(100);

    [Fact]
    public void Batches_close_by_count_or_by_time_and_are_never_empty()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnNext(230, S("c", 1, Executing)),
            OnNext(240, S("d", 1, Executing)),
            OnNext(400, S("e", 1, Completed)),
            OnCompleted<ChatStatus>(450));

        var result = scheduler.Start(() => source.BatchUpdates(Window, maxCount: 3, scheduler));

        Assert.Equal(["230:[a,b,c]", "340:[d]", "450:[e]", "450:|"], result.Messages.Render());
    }

    [Fact]
    public void A_batch_closed_by_count_does_not_close_its_successor_early()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnNext(220, S("b", 1, Executing)),
            OnNext(290, S("c", 1, Executing)));

        var result = scheduler.Start(() => source.BatchUpdates(Window, maxCount: 2, scheduler));

        Assert.Equal(["220:[a,b]", "390:[c]"], result.Messages.Render());
    }

    [Fact]
    public void Nothing_happening_emits_nothing()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(OnCompleted<ChatStatus>(900));

        var result = scheduler.Start(() => source.BatchUpdates(Window, maxCount: 3, scheduler));

        Assert.Equal(["900:|"], result.Messages.Render());
    }

    [Fact]
    public void An_error_flushes_the_open_batch_first()
    {
        var scheduler = new TestScheduler();
        var source = scheduler.CreateHotObservable(
            OnNext(210, S("a", 1, Executing)),
            OnError<ChatStatus>(220, new InvalidOperationException("boom")));

        var result = scheduler.Start(() => source.BatchUpdates(Window, maxCount: 3, scheduler));

        Assert.Equal(["220:[a]", "220:X(boom)"], result.Messages.Render());
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var source = new ChatStatusTracker();
        Assert.Throws<ArgumentOutOfRangeException>("maxCount", () => source.BatchUpdates(Window, 0, new TestScheduler()));
        Assert.Throws<ArgumentOutOfRangeException>("window", () => source.BatchUpdates(TimeSpan.FromTicks(-1), 3, new TestScheduler()));
    }
}
