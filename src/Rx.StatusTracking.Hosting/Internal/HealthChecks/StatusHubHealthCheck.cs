using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rx.StatusTracking.Hosting.Internal;

/// <summary>
/// The hub's capacity as health: running operations against <see cref="StatusHub.MaxOperations"/>, and under a memory
/// budget what it does about it (<see cref="StatusHub.RetentionPressure"/>); the worse of the two. Completed operations do
/// not count: a full hub evicts the one that completed first, and refuses a new operation only when every operation it
/// holds is running.
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
        if (hub.MaxRetainedBytes is { } budget)
        {
            result = Worse(result, MemoryHealth(hub.RetentionPressure, hub.RetainedBytes, budget, context.Registration.FailureStatus, data));
        }

        return Task.FromResult(result);
    }

    // Shedding completed histories is the budget doing its job (healthy); cutting running ones loses detail live
    // readers may want (degraded); refusing new operations is the failure.
    private static HealthCheckResult MemoryHealth(RetentionPressure pressure, long retained, long budget, HealthStatus failureStatus, Dictionary<string, object> data)
    {
        data["retainedBytes"] = retained;
        data["maxRetainedBytes"] = budget;
        data["retentionPressure"] = pressure.ToString();
        return pressure switch
        {
            RetentionPressure.RefusingOperations => new HealthCheckResult(failureStatus, $"The hub retains about {retained} bytes, over its memory budget of {budget}, and refuses new operations.", data: data),
            RetentionPressure.CuttingRunningHistories => HealthCheckResult.Degraded($"The hub cuts running operations' histories to stay within its memory budget ({retained} of {budget} bytes retained).", data: data),
            _ => HealthCheckResult.Healthy(data: data),
        };
    }

    private static HealthCheckResult Worse(HealthCheckResult operations, HealthCheckResult memory) =>
        memory.Status < operations.Status ? memory : operations;

    /// <summary>The running count from which the hub is degraded: the ratio of the maximum, rounded up, exactly (no binary fraction error: 0.07 of 100 is 7, not 8).</summary>
    public static int DegradedAt(int maxOperations, double ratio) => (int)Math.Ceiling((decimal)ratio * maxOperations);
}
