using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.AspNetCore.Internal;

namespace Rx.StatusTracking.AspNetCore.Tests.Streaming;

public class ConnectionBufferTests
{
    private long _sequence;

    private ChatStatus S(int step, StatusState state, object? data = null) =>
        new() { Step = step, Description = $"{step} {state}", State = state, Data = data, Sequence = ++_sequence };

    private ChatStatus Reset() => new() { Step = ChatStatus.ResetStep, Description = ChatStatusMessages.TrackerReset, State = StatusState.Completed, IsReset = true, Sequence = ++_sequence };

    private static (string Sequences, bool Completed, bool Overflowed) Take(ConnectionBuffer buffer)
    {
        var taken = buffer.TakeAll(newestPerStep: false, out var completed, out var overflowed, out _);
        return (string.Join(' ', taken.Select(s => s.Sequence)), completed, overflowed);
    }

    [Fact]
    public void Under_its_capacity_it_keeps_everything_in_order()
    {
        using var buffer = new ConnectionBuffer(capacity: 8, WebTransport.ServerSentEvents);
        for (var i = 0; i < 7; i++)
        {
            buffer.OnNext(S(1, StatusState.Executing, i));
        }

        buffer.OnCompleted();

        Assert.Equal(("1 2 3 4 5 6 7", true, false), Take(buffer));
        Assert.Equal(0, buffer.Conflated);
    }

    [Fact]
    public void When_full_a_steps_older_updates_give_way_to_its_newest_and_order_is_kept()
    {
        using var buffer = new ConnectionBuffer(capacity: 4, WebTransport.ServerSentEvents);
        buffer.OnNext(S(1, StatusState.Executing, 0));  // 1
        buffer.OnNext(S(2, StatusState.Executing, 0));  // 2
        buffer.OnNext(S(1, StatusState.Executing, 1));  // 3
        buffer.OnNext(S(2, StatusState.Executing, 1));  // 4: full, 1 and 2 give way

        Assert.Equal("3 4", Take(buffer).Sequences);
        Assert.Equal(2, buffer.Conflated);
    }

    [Fact]
    public void Terminal_statuses_are_never_dropped()
    {
        using var buffer = new ConnectionBuffer(capacity: 4, WebTransport.ServerSentEvents);
        buffer.OnNext(S(1, StatusState.Executing));  // 1
        buffer.OnNext(S(1, StatusState.Failed));     // 2
        buffer.OnNext(S(1, StatusState.Executing));  // 3
        buffer.OnNext(S(1, StatusState.Executing));  // 4: full, 1 and 3 give way
        buffer.OnNext(S(1, StatusState.Completed));  // 5
        buffer.OnNext(S(2, StatusState.Executing));  // 6: full again, 4 gives way to 5

        Assert.Equal("2 5 6", Take(buffer).Sequences);
        Assert.Equal(3, buffer.Conflated);
    }

    [Fact]
    public void Nothing_is_conflated_across_a_reset_marker()
    {
        using var buffer = new ConnectionBuffer(capacity: 4, WebTransport.ServerSentEvents);
        buffer.OnNext(S(1, StatusState.Executing));  // 1
        buffer.OnNext(Reset());                      // 2
        buffer.OnNext(S(1, StatusState.Executing));  // 3
        buffer.OnNext(S(1, StatusState.Executing));  // 4: full, only 3 gives way

        Assert.Equal("1 2 4", Take(buffer).Sequences);
    }

    [Fact]
    public void When_conflation_cannot_keep_it_under_twice_its_capacity_it_overflows_and_takes_nothing_more()
    {
        using var buffer = new ConnectionBuffer(capacity: 2, WebTransport.ServerSentEvents);
        for (var step = 1; step <= 4; step++)
        {
            buffer.OnNext(S(step, StatusState.Completed));
        }

        buffer.OnNext(S(5, StatusState.Completed));

        Assert.Equal(("", false, true), Take(buffer));
        Assert.True(buffer.Peak <= 4);
    }

    [Fact]
    public void Taking_makes_room_again()
    {
        using var buffer = new ConnectionBuffer(capacity: 2, WebTransport.ServerSentEvents);
        buffer.OnNext(S(1, StatusState.Completed));
        Assert.Equal("1", Take(buffer).Sequences);

        buffer.OnNext(S(2, StatusState.Completed));
        buffer.OnNext(S(3, StatusState.Completed));
        buffer.OnNext(S(4, StatusState.Completed));

        Assert.Equal(("2 3 4", false, false), Take(buffer));
    }

    [Fact]
    public void A_paced_take_keeps_each_steps_newest_status_every_ending_and_reset_and_says_how_long_the_oldest_waited()
    {
        var clock = new FakeTimeProvider();
        using var buffer = new ConnectionBuffer(capacity: 100, WebTransport.ServerSentEvents, clock);
        buffer.OnNext(S(1, StatusState.Executing, 0));  // 1
        clock.Advance(TimeSpan.FromMilliseconds(30));
        buffer.OnNext(S(2, StatusState.Executing, 0));  // 2
        buffer.OnNext(S(1, StatusState.Executing, 1));  // 3
        buffer.OnNext(S(2, StatusState.Failed));        // 4
        buffer.OnNext(Reset());                         // 5
        buffer.OnNext(S(1, StatusState.Executing, 2));  // 6
        buffer.OnNext(S(1, StatusState.Executing, 3));  // 7
        clock.Advance(TimeSpan.FromMilliseconds(20));

        var taken = buffer.TakeAll(newestPerStep: true, out _, out _, out var waited);

        Assert.Equal("3 4 5 7", string.Join(' ', taken.Select(s => s.Sequence)));
        Assert.Equal(TimeSpan.FromMilliseconds(50), waited);
        Assert.Equal(3, buffer.Conflated);

        // The clock starts again with the next status to wait.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        buffer.OnNext(S(1, StatusState.Completed));
        clock.Advance(TimeSpan.FromMilliseconds(5));
        buffer.TakeAll(newestPerStep: true, out _, out _, out waited);
        Assert.Equal(TimeSpan.FromMilliseconds(5), waited);
    }

    [Fact]
    public async Task A_status_wakes_the_writer_and_an_idle_wait_times_out()
    {
        using var buffer = new ConnectionBuffer(capacity: 2, WebTransport.ServerSentEvents);
        Assert.False(await buffer.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        buffer.OnNext(S(1, StatusState.Executing));
        buffer.OnNext(S(1, StatusState.Completed));

        Assert.True(await buffer.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(await buffer.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
