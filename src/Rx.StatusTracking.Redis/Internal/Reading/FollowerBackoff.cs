using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// How a stream follower waits after a failed read: the doubling retry delay, with the source's poll paused (retrying at
/// its ticks would undo the backoff) and any wake older than the failure forgotten. Past the first delay, a notification
/// ends the wait (a publisher's write went through, so Redis answers again): a reader is back within the first delay of
/// the first write after an outage rather than at the end of a doubled delay, and never retries more often than once per
/// first delay, however fast notifications come while Redis struggles.
/// </summary>
/// <param name="first">The first delay (<see cref="RedisSourceOptions.RetryDelay"/>).</param>
/// <param name="max">The longest (<see cref="RedisSourceOptions.MaxRetryDelay"/>).</param>
/// <param name="time">The clock of the delays.</param>
internal sealed class FollowerBackoff(TimeSpan first, TimeSpan max, TimeProvider time)
{
    private readonly Backoff _delays = new(first, max, time);

    /// <summary>Waits after <paramref name="failures"/> failed reads in a row, or less once woken past the first delay.</summary>
    public async Task WaitAsync(int failures, Signal wake, FollowerPoll.Registration polled, CancellationToken cancellationToken)
    {
        // Paused before the reset: a tick either came before it (and is forgotten with any wake older than the failure) or
        // passes this follower by.
        polled.Paused = true;
        wake.Reset();
        try
        {
            var delay = _delays.Delay(failures);
            var unbroken = delay < first ? delay : first;
            await Task.Delay(unbroken, time, cancellationToken).ConfigureAwait(false);
            if (delay > unbroken)
            {
                await wake.WaitAsync(delay - unbroken, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            polled.Paused = false;
        }
    }
}
