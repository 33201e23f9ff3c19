using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rx.StatusTracking.Hosting.Internal;

/// <summary>
/// The hub's capacity as health: running operations against <see cref="StatusHub.MaxOperations"/>. Completed
/// operations do not count: a full hub evicts the one that completed first, and refuses a new operation only when every
/// operation it holds is running.
/// </summary>
internal sealed class StatusHubHealthCheck(IServiceProvider services, double degradedRatio) : IHealthCheck
{
    public const string NoHub = "No StatusHub is registered: call services.AddStatusTracking() first.";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Resolved here rather than when the check is built: a failure is then reported as this check's result.
        var hub = services.GetService<StatusHub>() ?? throw new InvalidOperationException(NoHub);
        // The hub's own figure: right however the hub was registered.
        var max = hub.MaxOperations;
        var degradedAt = DegradedAt(max, degradedRatio);
        var (held, running) = (hub.Count, hub.ActiveCount);
        var data = new Dictionary<string, object>
        {
            ["operations"] = held,
            ["running"] = running,
            ["maxOperations"] = max,
            ["degradedAt"] = degradedAt,
        };

        var result = running >= max
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The hub is full: {running} of {max} operations are running, and new ones are refused.", data: data)
            : running >= degradedAt
                ? HealthCheckResult.Degraded($"{running} of {max} operations are running (degraded from {degradedAt}).", data: data)
                : HealthCheckResult.Healthy($"{running} of {max} operations are running.", data);
        return Task.FromResult(result);
    }

    /// <summary>The running count from which the hub is degraded: the ratio of the maximum, rounded up, exactly (no binary fraction error: 0.07 of 100 is 7, not 8).</summary>
    public static int DegradedAt(int maxOperations, double ratio) => (int)Math.Ceiling((decimal)ratio * maxOperations);
}
