using Rx.StatusTracking.Internal;
using static Rx.StatusTracking.StatusState;

namespace Rx.StatusTracking.Tests.Conflation;

public class ConflatingBufferTests
{
    private long _sequence;

    // The status made last, for the adds that name the status as well as the item.
    private ChatStatus _last = new() { Step = 0, Description = "none", State = Pending };

    [Fact]
    public void Below_its_threshold_it_keeps_everything_in_the_order_added()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 8, hardBound: 16);
        Add(buffer, S(1, Executing), S(2, Executing), S(1, Executing), S(1, Completed), S(2, Executing));

        Assert.Equal("1 2 3 4 5", TakeAll(buffer));
        Assert.Equal((0, 0L, 0L, 5), (buffer.Count, buffer.Conflated, buffer.Dropped, buffer.Peak));
    }

    [Fact]
    public void Conflating_at_once_keeps_each_steps_newest_and_the_order_of_arrival()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 0, hardBound: int.MaxValue);
        Assert.Equal(ConflationResult.Added, buffer.Add(S(1, Executing), 1, _last));   // 1
        Assert.Equal(ConflationResult.Added, buffer.Add(S(2, Executing), 2, _last));   // 2
        Assert.Equal(ConflationResult.Conflated, buffer.Add(S(1, Executing), 1, _last)); // 3 replaces 1
        Assert.Equal(ConflationResult.Conflated, buffer.Add(S(2, Completed), 2, _last)); // 4 replaces 2

        Assert.Equal("3 4", TakeAll(buffer));
        Assert.Equal(2, buffer.Conflated);
    }

    [Fact]
    public void An_ending_is_never_replaced_and_a_reset_marker_is_a_barrier()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 0, hardBound: int.MaxValue);
        Add(buffer, S(1, Failed), S(1, Executing), S(1, Completed), Reset(), S(2, Executing));
        Add(buffer, S(2, Executing), S(3, Executing));

        // 1 is an ending; 2 gave way to the ending 3; the reset 4 stays; after it, 5 gave way to 6.
        Assert.Equal("1 3 4 6 7", TakeAll(buffer));
        Assert.Equal(2, buffer.Conflated);
    }

    [Fact]
    public void Nothing_before_a_reset_marker_gives_way_to_anything_after_it()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 0, hardBound: int.MaxValue);
        Add(buffer, S(1, Executing), Reset(), S(1, Executing), S(1, Executing));

        Assert.Equal("1 2 4", TakeAll(buffer));
    }

    [Fact]
    public void A_barrier_cuts_only_its_own_scope()
    {
        var buffer = new ConflatingBuffer<ChatStatus, (string Scope, int Step)>(conflateAt: 0, hardBound: int.MaxValue, static (a, b) => a.Scope == b.Scope);
        buffer.Add(S(1, Executing), ("a", 1), _last);  // 1
        buffer.Add(S(1, Executing), ("b", 1), _last);  // 2
        buffer.Add(Reset(), ("a", 0), _last);          // 3: cuts a only
        buffer.Add(S(1, Executing), ("a", 1), _last);  // 4: 1 stays
        buffer.Add(S(1, Executing), ("b", 1), _last);  // 5: 2 gives way

        var taken = new List<ChatStatus>();
        buffer.TakeInto(taken, int.MaxValue);
        Assert.Equal("1 3 4 5", string.Join(' ', taken.Select(s => s.Sequence)));
    }

    [Fact]
    public void From_its_threshold_each_add_makes_the_first_superseded_status_give_way()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 4, hardBound: 8);
        Add(buffer, S(1, Executing), S(2, Executing), S(2, Executing), S(1, Executing)); // 2 superseded first, then 1
        Assert.Equal(0, buffer.Conflated);

        Assert.Equal(ConflationResult.Conflated, buffer.Add(S(3, Executing), 3, _last)); // 5: 2 gives way
        Assert.Equal(ConflationResult.Conflated, buffer.Add(S(4, Executing), 4, _last)); // 6: 1 gives way
        Assert.Equal(ConflationResult.Added, buffer.Add(S(5, Executing), 5, _last));     // 7: nothing stale

        Assert.Equal("3 4 5 6 7", TakeAll(buffer));
        Assert.Equal((2L, 5), (buffer.Conflated, buffer.Peak));
    }

    [Fact]
    public void ConflateAll_makes_every_stale_status_give_way_in_one_pass()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 100, hardBound: 200);
        Add(buffer, S(1, Executing), S(2, Executing), S(1, Executing), S(2, Failed), S(1, Executing));

        Assert.Equal(3, buffer.ConflateAll());
        Assert.Equal(0, buffer.ConflateAll());
        Assert.Equal("4 5", TakeAll(buffer));
        Assert.Equal(3, buffer.Conflated);
    }

    [Fact]
    public void At_its_hard_bound_an_update_is_refused_and_counted_but_endings_resets_and_markers_go_in()
    {
        var buffer = new ConflatingBuffer<ChatStatus?, int>(conflateAt: 2, hardBound: 3);
        for (var step = 1; step <= 3; step++)
        {
            buffer.Add(S(step, Executing), step, _last);                  // 1 2 3: the bound, nothing stale
        }

        Assert.Equal(ConflationResult.Dropped, buffer.Add(S(4, Executing), 4, _last));   // 4
        Assert.Equal(ConflationResult.Added, buffer.Add(S(5, Completed), 5, _last));     // 5
        Assert.Equal(ConflationResult.Conflated, buffer.Add(S(3, Executing), 3, _last)); // 6 supersedes 3, which gives way
        Assert.Equal(ConflationResult.Added, buffer.Add(Reset(), 0, _last));             // 7
        Assert.Equal(ConflationResult.Added, buffer.Add(null, 0, null));                 // a marker

        var taken = new List<ChatStatus?>();
        buffer.TakeInto(taken, int.MaxValue);
        Assert.Equal("1 2 5 6 7 -", string.Join(' ', taken.Select(s => s is null ? "-" : $"{s.Sequence}")));
        Assert.Equal((1L, 1L, 6), (buffer.Dropped, buffer.Conflated, buffer.Peak));
    }

    [Fact]
    public void A_refused_update_leaves_its_step_as_it_was()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 1, hardBound: 1);
        Add(buffer, S(1, Executing));                                                  // 1
        Assert.Equal(ConflationResult.Dropped, buffer.Add(S(2, Executing), 2, _last)); // 2
        Assert.Equal("1", TakeAll(buffer));

        // Had the refused 2 been left as step 2's newest, 3 would supersede a status that is not there.
        Add(buffer, S(2, Executing), S(2, Executing));                                 // 3, then 4 replaces it
        Assert.Equal("4", TakeAll(buffer));
        Assert.Equal((1L, 1L), (buffer.Dropped, buffer.Conflated));
    }

    [Fact]
    public void Steps_outside_the_dense_range_conflate_the_same_way()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 0, hardBound: int.MaxValue);
        Add(buffer, S(5_000, Executing), S(-3, Executing), S(5_000, Executing), S(-3, Completed), S(5_000, Failed), S(5_000, Executing));

        Assert.False(buffer.TryTake(7_000, out _));
        Assert.Equal("4 5 6", TakeAll(buffer));
        Assert.Equal(3, buffer.Conflated);
    }

    [Fact]
    public void A_step_can_be_taken_on_its_own()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 0, hardBound: int.MaxValue);
        Add(buffer, S(1, Executing), S(2, Executing), S(3, Completed));

        Assert.True(buffer.TryTake(2, out var taken));
        Assert.Equal(2, taken.Sequence);
        Assert.False(buffer.TryTake(2, out _));
        Assert.Equal("1 3", TakeAll(buffer));
    }

    [Fact]
    public void Clear_forgets_what_waits_and_keeps_the_counters()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 0, hardBound: int.MaxValue);
        Add(buffer, S(1, Executing), S(1, Executing));
        buffer.Clear();
        Add(buffer, S(1, Executing));

        Assert.Equal("3", TakeAll(buffer));
        Assert.Equal(1, buffer.Conflated);
    }

    [Fact]
    public void A_burst_past_its_storage_is_taken_in_order_and_the_storage_is_reused()
    {
        var buffer = new ConflatingBuffer<ChatStatus, int>(conflateAt: 10_000, hardBound: 20_000);
        for (var round = 0; round < 2; round++)
        {
            var first = _sequence + 1;
            for (var i = 0; i < 5_000; i++)
            {
                Add(buffer, S(i, Executing));
            }

            var taken = new List<ChatStatus>();
            Assert.Equal(3_000, buffer.TakeInto(taken, 3_000));
            Add(buffer, S(0, Completed));
            buffer.TakeInto(taken, int.MaxValue);
            Assert.Equal([.. Enumerable.Range(0, 5_001).Select(i => first + i)], taken.Select(s => s.Sequence));
        }
    }

    [Fact]
    public void A_burst_on_a_fresh_buffer_takes_its_storage_from_what_an_emptied_buffer_gave_back()
    {
        var statuses = Enumerable.Range(0, 10_000).Select(i => S(i % 1_000, Executing)).ToArray();
        var taken = new List<ChatStatus>(statuses.Length);
        Burst(new ConflatingBuffer<ChatStatus, int>(conflateAt: 20_000, hardBound: 40_000), statuses, taken);
        taken.Clear();

        var fresh = new ConflatingBuffer<ChatStatus, int>(conflateAt: 20_000, hardBound: 40_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Burst(fresh, statuses, taken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(statuses.Select(s => s.Sequence), taken.Select(s => s.Sequence));

        // Its step index only (a few KB); storage of its own would be about 1.5 MB of node arrays.
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void Bad_bounds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>("conflateAt", () => new ConflatingBuffer<ChatStatus, int>(conflateAt: -1, hardBound: 1));
        Assert.Throws<ArgumentOutOfRangeException>("hardBound", () => new ConflatingBuffer<ChatStatus, int>(conflateAt: 2, hardBound: 1));
    }

    private ChatStatus S(int step, StatusState state) =>
        _last = new ChatStatus { Step = step, Description = $"{step} {state}", State = state, Sequence = ++_sequence };

    private ChatStatus Reset() =>
        _last = new ChatStatus { Step = ChatStatus.ResetStep, Description = ChatStatusMessages.TrackerReset, State = Completed, IsReset = true, Sequence = ++_sequence };

    private static void Add(ConflatingBuffer<ChatStatus, int> buffer, params ChatStatus[] statuses)
    {
        foreach (var status in statuses)
        {
            buffer.Add(status, status.Step, status);
        }
    }

    private static void Burst(ConflatingBuffer<ChatStatus, int> buffer, ChatStatus[] statuses, List<ChatStatus> taken)
    {
        Add(buffer, statuses);
        buffer.TakeInto(taken, int.MaxValue);
    }

    private static string TakeAll(ConflatingBuffer<ChatStatus, int> buffer)
    {
        var taken = new List<ChatStatus>();
        buffer.TakeInto(taken, int.MaxValue);
        return string.Join(' ', taken.Select(s => s.Sequence));
    }
}
