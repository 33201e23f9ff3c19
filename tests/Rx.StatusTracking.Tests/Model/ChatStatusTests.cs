using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Tests.Model;

public class ChatStatusTests
{
    [Fact]
    public void Create_stamps_the_time_of_the_given_scheduler()
    {
        var scheduler = new TestScheduler();
        scheduler.AdvanceTo(1_234);

        var status = ChatStatus.Create(2, "Searching the web.", StatusState.Executing, scheduler, data: 42);

        Assert.Equal(new DateTimeOffset(1_234, TimeSpan.Zero), status.Timestamp);
        Assert.Equal(2, status.Step);
        Assert.Equal(StatusState.Executing, status.State);
        Assert.Equal(42, status.Data);
        Assert.Equal(0, status.Sequence);
        Assert.False(status.IsReset);
    }

    [Fact]
    public void Create_without_scheduler_stamps_the_system_clock()
    {
        var before = DateTimeOffset.UtcNow;
        var status = ChatStatus.Create(0, "x", StatusState.Pending);
        Assert.InRange(status.Timestamp, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Create_rejects_bad_arguments_with_typed_errors()
    {
        var scheduler = Scheduler.Immediate;
        Assert.Throws<ArgumentOutOfRangeException>("step", () => ChatStatus.Create(-1, "x", StatusState.Pending, scheduler));
        Assert.Throws<ArgumentNullException>("description", () => ChatStatus.Create(0, null!, StatusState.Pending, scheduler));
        Assert.Throws<ArgumentException>("description", () => ChatStatus.Create(0, "  ", StatusState.Pending, scheduler));
        Assert.Throws<ArgumentOutOfRangeException>("state", () => ChatStatus.Create(0, "x", (StatusState)9, scheduler));
        Assert.Throws<ArgumentNullException>("scheduler", () => ChatStatus.Create(0, "x", StatusState.Pending, (IScheduler)null!));
    }

    [Theory]
    [InlineData(StatusState.Pending, false)]
    [InlineData(StatusState.Executing, false)]
    [InlineData(StatusState.Completed, true)]
    [InlineData(StatusState.Failed, true)]
    public void IsTerminal_is_true_for_Completed_and_Failed(StatusState state, bool terminal) =>
        Assert.Equal(terminal, new ChatStatus { Step = 0, Description = "x", State = state }.IsTerminal);

    [Fact]
    public void Statuses_are_values()
    {
        var at = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var a = new ChatStatus { Step = 1, Description = "x", State = StatusState.Failed, Timestamp = at, Error = StatusError.From(new InvalidOperationException("boom")) };
        var b = a with { };
        Assert.Equal(a, b);
        Assert.NotEqual(a, a with { Sequence = 2 });
    }
}
