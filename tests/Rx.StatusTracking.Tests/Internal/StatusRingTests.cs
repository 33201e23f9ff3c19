using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Tests.Internal;

public class StatusRingTests
{
    private static ChatStatus S(int sequence, int step = 1, StatusState state = StatusState.Executing) =>
        new() { Step = step, Description = $"s{sequence}", State = state, Sequence = sequence };

    [Fact]
    public void A_weighted_ring_keeps_the_weight_of_what_it_holds_through_growth_wrap_and_overwrite()
    {
        var ring = new StatusRing(capacity: 20, weighted: true);
        for (var i = 1; i <= 25; i++)
        {
            Assert.Equal(i > 20, ring.Add(S(i), weight: i));
        }

        Assert.Equal(Enumerable.Range(6, 20).Select(i => $"s{i}"), ring.ToArray().Select(s => s.Description));
        Assert.Equal(Enumerable.Range(6, 20).Sum(), ring.Weight);
        Assert.Equal("s25", ring.Last!.Description);

        ring.Clear();
        Assert.Equal(0, ring.Weight);
        Assert.Null(ring.Last);
    }

    [Fact]
    public void Retain_where_compacts_in_order_across_the_wrap_and_keeps_the_kept_weights()
    {
        var ring = new StatusRing(capacity: 16, weighted: true);
        for (var i = 1; i <= 21; i++)
        {
            ring.Add(S(i), weight: 100 + i);
        }

        // Holds 6..21, wrapped; keep the even ones.
        Assert.Equal(8, ring.RetainWhere(s => s.Sequence % 2 == 0));
        Assert.Equal([6, 8, 10, 12, 14, 16, 18, 20], ring.ToArray().Select(s => s.Sequence));
        Assert.Equal(new[] { 6, 8, 10, 12, 14, 16, 18, 20 }.Sum(i => 100L + i), ring.Weight);

        // Room again: new statuses land after the kept ones, and a full ring drops the oldest kept first.
        for (var i = 22; i <= 30; i++)
        {
            ring.Add(S(i), weight: 1);
        }

        Assert.Equal([8, 10, 12, 14, 16, 18, 20, 22, 23, 24, 25, 26, 27, 28, 29, 30], ring.ToArray().Select(s => s.Sequence));
        Assert.Equal(new[] { 8, 10, 12, 14, 16, 18, 20 }.Sum(i => 100L + i) + 9, ring.Weight);
    }

    [Fact]
    public void An_unweighted_ring_weighs_nothing()
    {
        var ring = new StatusRing(capacity: 4);
        ring.Add(S(1));
        ring.Add(S(2));
        Assert.Equal(1, ring.RetainWhere(s => s.Sequence == 2));
        Assert.Equal(0, ring.Weight);
        Assert.Equal([2], ring.ToArray().Select(s => s.Sequence));
    }
}
