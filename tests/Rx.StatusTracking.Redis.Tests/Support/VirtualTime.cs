using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.Redis.Tests.Reading;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also records each timer the code under test starts (a poll's wait, a retry's
/// delay, a timeout), by its due time. A test waits for the timer it means to fire before it advances the clock (a timer
/// started after an advance would not see it), and knows that a poll or an attempt ran because the wait after it began:
/// a signal, not a sleep.
/// </summary>
public sealed class VirtualTime : FakeTimeProvider
{
    private readonly List<TimeSpan> _timers = [];

    /// <summary>The due time of every timer started so far, in the order they were started.</summary>
    public TimeSpan[] Timers
    {
        get
        {
            lock (_timers)
            {
                return [.. _timers];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);

        // Recorded once it exists, so a test that saw it may advance the clock past it.
        lock (_timers)
        {
            _timers.Add(dueTime);
        }

        return timer;
    }

    /// <summary>
    /// Advances by <paramref name="step"/> in two steps, the last one tick long: a continuation run inside an advance reads
    /// the clock from before it, so a timer it starts would otherwise fall due within the same advance.
    /// </summary>
    public void Reach(TimeSpan step)
    {
        if (step > TimeSpan.FromTicks(1))
        {
            Advance(step - TimeSpan.FromTicks(1));
        }

        Advance(TimeSpan.FromTicks(1));
    }

    /// <summary>How many timers of this due time were started so far.</summary>
    public int Started(TimeSpan dueTime) => Array.FindAll(Timers, t => t == dueTime).Length;

    /// <summary>Waits until <paramref name="count"/> timers of this due time have been started.</summary>
    public Task WaitForTimersAsync(TimeSpan dueTime, int count) => RoundTripTests.WaitUntil(() => Started(dueTime) >= count);

    /// <summary>
    /// Runs <paramref name="polls"/> more polls of a loop that waits <paramref name="interval"/> between them: waits until
    /// it waits, advances the clock by one interval, and so on; returns once the last poll is over (the wait after it began).
    /// </summary>
    public async Task RunPollsAsync(TimeSpan interval, int polls)
    {
        var started = Started(interval);
        await WaitForTimersAsync(interval, Math.Max(started, 1));
        for (var poll = 1; poll <= polls; poll++)
        {
            var before = Started(interval);
            Advance(interval);
            await WaitForTimersAsync(interval, before + 1);
        }
    }
}
