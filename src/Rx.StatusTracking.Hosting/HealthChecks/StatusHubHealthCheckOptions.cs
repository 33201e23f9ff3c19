namespace Rx.StatusTracking.Hosting;

/// <summary>Settings of the hub's health check (<see cref="StatusHubHealthChecksBuilderExtensions.AddStatusHub"/>), validated when it is added.</summary>
public sealed class StatusHubHealthCheckOptions
{
    /// <summary>The default <see cref="DegradedRatio"/>: 0.8.</summary>
    public const double DefaultDegradedRatio = 0.8;

    /// <summary>
    /// The share of <see cref="StatusHubOptions.MaxOperations"/> running from which the hub reports Degraded (more than 0,
    /// at most 1; default 0.8): with 1,000 operations allowed, Degraded from 800 running. At 1 it never reports Degraded,
    /// only Healthy or, when full, the registration's failure status.
    /// </summary>
    public double DegradedRatio { get; set; } = DefaultDegradedRatio;

    internal void Validate()
    {
        if (!(DegradedRatio > 0 && DegradedRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DegradedRatio), DegradedRatio, "StatusHubHealthCheckOptions.DegradedRatio must be more than 0 and at most 1.");
        }
    }
}
