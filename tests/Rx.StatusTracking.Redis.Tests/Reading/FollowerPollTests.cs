using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>
/// The source's slow poll in virtual time: one timer wakes the followers a slice per tick, each once per interval, so
/// thousands of quiet operations are not read all at once.
/// </summary>
public sealed class FollowerPollTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void Followers_are_spread_over_eight_slices_and_each_tick_wakes_one_slice()
    {
        var time = new VirtualTime();
        var poll = new FollowerPoll(Interval, time);
        var followers = new Followers(16);
        var registrations = Enumerable.Range(0, 16).Select(i => poll.Register(() => followers.Wake(i))).ToArray();
        var tick = Interval / 8;

        var woken = new List<int[]>();
        for (var i = 0; i < 9; i++)
        {
            time.Advance(tick);
            woken.Add(followers.TakeWoken());
        }

        Assert.Equal([tick], time.Timers);
        Assert.Equal(
            [[0, 8], [1, 9], [2, 10], [3, 11], [4, 12], [5, 13], [6, 14], [7, 15], [0, 8]],
            woken);
        Array.ForEach(registrations, r => r.Dispose());
    }

    [Fact]
    public void A_follower_joins_the_smallest_slice_and_the_timer_stops_when_the_last_one_leaves()
    {
        var time = new VirtualTime();
        var poll = new FollowerPoll(Interval, time);
        var followers = new Followers(3);
        var first = poll.Register(() => followers.Wake(0));
        var second = poll.Register(() => followers.Wake(1));
        first.Dispose();
        first.Dispose();

        // Slice 0 is empty again, so the newcomer takes it rather than slice 2.
        var third = poll.Register(() => followers.Wake(2));
        time.Advance(Interval / 8);
        Assert.Equal([2], followers.TakeWoken());

        second.Dispose();
        third.Dispose();
        time.Advance(Interval);
        Assert.Empty(followers.TakeWoken());

        var again = poll.Register(() => followers.Wake(0));
        Assert.Equal(2, time.Timers.Length);
        time.Advance(Interval / 8);
        Assert.Equal([0], followers.TakeWoken());
        again.Dispose();
    }

    [Theory]
    [InlineData(1_000, 8)]
    [InlineData(400, 8)]
    [InlineData(399, 7)]
    [InlineData(100, 2)]
    [InlineData(50, 1)]
    [InlineData(1, 1)]
    public void A_short_interval_gets_fewer_slices_so_ticks_stay_at_least_50_ms_apart(int milliseconds, int slices) =>
        Assert.Equal(slices, FollowerPoll.SlicesOf(TimeSpan.FromMilliseconds(milliseconds)));

    // How often each follower was woken since the last look.
    private sealed class Followers(int count)
    {
        private readonly int[] _wakes = new int[count];

        public void Wake(int follower) => _wakes[follower]++;

        // Which were woken, each once: a follower woken twice would show twice.
        public int[] TakeWoken()
        {
            var woken = Enumerable.Range(0, _wakes.Length).SelectMany(i => Enumerable.Repeat(i, _wakes[i])).ToArray();
            Array.Clear(_wakes);
            return woken;
        }
    }
}
