namespace Rx.StatusTracking.Client.Tests.Support;

/// <summary>A random source that always draws the same fraction, so jittered delays are exact.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
