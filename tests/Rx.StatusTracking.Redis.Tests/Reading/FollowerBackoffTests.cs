using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>
/// A follower's wait after failed reads, in virtual time: the doubled delay, cut short by a notification only past the
/// first delay, with wakes older than the failure forgotten and the source's poll passing it by.
/// </summary>
public sealed class FollowerBackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wake_from_before_the_failure_is_forgotten_and_one_within_the_first_delay_ends_the_wait_when_it_passes()
    {
        var (time, backoff, poll) = Start();
        using var wake = new Signal();
        using var polled = poll.Register(wake);
        wake.Set();

        var waiting = backoff.WaitAsync(failures: 3, wake, polled, CancellationToken.None);
        time.Reach(First - TimeSpan.FromTicks(1));
        wake.Set();
        Assert.False(waiting.IsCompleted);

        time.Reach(TimeSpan.FromTicks(1));
        await waiting.WaitAsync(Bound);
        Assert.Equal(First, time.GetUtcNow() - time.Start);
    }

    [Fact]
    public async Task Past_the_first_delay_a_wake_ends_the_wait_at_once_and_without_one_the_doubled_delay_runs_out()
    {
        var (time, backoff, poll) = Start();
        using var wake = new Signal();
        using var polled = poll.Register(wake);

        // Four minutes after three failures: one unbroken, then three a wake may cut short.
        var woken = backoff.WaitAsync(failures: 3, wake, polled, CancellationToken.None);
        time.Reach(First);
        await time.WaitForTimersAsync(3 * First, 1);
        wake.Set();
        await woken.WaitAsync(Bound);

        var unwoken = backoff.WaitAsync(failures: 2, wake, polled, CancellationToken.None);
        time.Reach(First);
        await time.WaitForTimersAsync(First, 3);
        time.Reach(First - TimeSpan.FromTicks(2));
        Assert.False(unwoken.IsCompleted);
        time.Reach(TimeSpan.FromTicks(2));
        await unwoken.WaitAsync(Bound);
        Assert.Equal(3 * First, time.GetUtcNow() - time.Start);
    }

    [Fact]
    public async Task The_poll_passes_a_follower_that_backs_off_by_and_wakes_it_again_after()
    {
        var (time, backoff, poll) = Start();
        using var wake = new Signal();
        var ticks = 0;
        using var polled = poll.Register(() =>
        {
            ticks++;
            wake.Set();
        });

        // The poll ticks every 7.5 s (eight slices of a minute); none of them reaches the follower in its four minutes.
        var waiting = backoff.WaitAsync(failures: 3, wake, polled, CancellationToken.None);
        Seconds(time, 60);
        await time.WaitForTimersAsync(3 * First, 1);
        Seconds(time, 179);

        Assert.Equal(0, ticks);
        Assert.False(waiting.IsCompleted);
        time.Reach(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(Bound);
        Assert.False(polled.Paused);
        time.Reach(TimeSpan.FromMinutes(1));
        Assert.Equal(1, ticks);
    }

    private static (VirtualTime Time, FollowerBackoff Backoff, FollowerPoll Poll) Start()
    {
        var time = new VirtualTime();
        return (time, new FollowerBackoff(First, TimeSpan.FromHours(1), time), new FollowerPoll(TimeSpan.FromMinutes(1), time));
    }

    private static void Seconds(VirtualTime time, int seconds)
    {
        for (var second = 0; second < seconds; second++)
        {
            time.Reach(TimeSpan.FromSeconds(1));
        }
    }
}
