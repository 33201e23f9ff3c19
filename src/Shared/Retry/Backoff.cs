namespace Rx.StatusTracking.Internal;

/// <summary>
/// Capped exponential retry delays, waited on a <see cref="TimeProvider"/> (so tests run them in virtual time): the
/// first delay, doubled per attempt, capped at <paramref name="Max"/>; with <paramref name="Jitter"/> above 0 each delay
/// is shortened by a random part of up to that fraction, so clients dropped together do not come back together (the
/// cap stays the longest delay).
/// </summary>
/// <param name="First">The delay after the first failed attempt.</param>
/// <param name="Max">The longest delay.</param>
/// <param name="Time">The clock the delays are waited on.</param>
/// <param name="Jitter">The largest fraction, in [0, 1], taken off a delay at random; 0 for exact delays.</param>
/// <param name="Random">The random source of the jitter; <see cref="System.Random.Shared"/> when <see langword="null"/>.</param>
internal readonly record struct Backoff(TimeSpan First, TimeSpan Max, TimeProvider Time, double Jitter = 0, Random? Random = null)
{
    /// <summary>The delay before the attempt after <paramref name="attempt"/> failed ones (1 for the first).</summary>
    public TimeSpan Delay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 20));
        var ticks = Math.Min(First.Ticks * factor, Max.Ticks);
        if (Jitter > 0)
        {
            ticks *= 1 - (Jitter * (Random ?? Random.Shared).NextDouble());
        }

        return TimeSpan.FromTicks((long)ticks);
    }
}
