namespace Rx.StatusTracking.Redis.Internal;

/// <summary>Exponential retry delays: first, doubled per attempt, capped; waited on the options' clock.</summary>
internal readonly record struct Backoff(TimeSpan First, TimeSpan Max, TimeProvider Time)
{
    public TimeSpan Delay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var ticks = Math.Min(First.Ticks * factor, Max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Waits the delay before the attempt after <paramref name="attempt"/> failed ones.</summary>
    public Task WaitAsync(int attempt, CancellationToken cancellationToken) => Task.Delay(Delay(attempt), Time, cancellationToken);
}
