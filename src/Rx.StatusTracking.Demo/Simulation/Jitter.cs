namespace Rx.StatusTracking.Demo.Simulation;

/// <summary>Varies the simulations' durations a little, the same way for the same seed, so sample runs differ but tests are exact.</summary>
/// <param name="amount">The largest change, as a fraction of the duration (0 keeps every duration as given).</param>
/// <param name="seed">The random seed.</param>
internal sealed class Jitter(double amount, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary><paramref name="milliseconds"/> changed by up to <c>amount</c> either way, in whole milliseconds (virtual times stay exact).</summary>
    public double Vary(double milliseconds) => Math.Round(milliseconds * (1 + (amount * ((_random.NextDouble() * 2) - 1))));

    /// <summary><see cref="Vary"/> as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan VaryTime(double milliseconds) => TimeSpan.FromMilliseconds(Vary(milliseconds));
}
