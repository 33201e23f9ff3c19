namespace Rx.StatusTracking.Redis.Internal;

/// <summary>Exponential retry delays: first, doubled per attempt, capped.</summary>
internal readonly record struct Backoff(TimeSpan First, TimeSpan Max)
{
    public TimeSpan Delay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var ticks = Math.Min(First.Ticks * factor, Max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
