using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rx.StatusTracking.Hosting.Internal;

namespace Rx.StatusTracking.Hosting;

/// <summary>Adds the <see cref="StatusHub"/>'s capacity to the app's health checks.</summary>
public static class StatusHubHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the hub registered by <c>AddStatusTracking</c>: Healthy while fewer than
    /// <see cref="StatusHubHealthCheckOptions.DegradedRatio"/> of <see cref="StatusHubOptions.MaxOperations"/> are running,
    /// Degraded from there, and <paramref name="failureStatus"/> (Unhealthy by default) when all are running, so the hub
    /// refuses new operations. Completed operations still held do not count: the hub evicts them to make room. The
    /// result's data: <c>operations</c> (held), <c>running</c>, <c>maxOperations</c> and <c>degradedAt</c> (the running count
    /// from which it is Degraded, the ratio of the maximum rounded up). A hub with a memory budget
    /// (<see cref="StatusHubOptions.MaxRetainedBytes"/>) is judged on what it does about it too
    /// (<see cref="StatusHub.RetentionPressure"/>), and the worse result wins: Healthy while it sheds completed histories
    /// (the budget doing its job), Degraded while it cuts running operations' histories, <paramref name="failureStatus"/>
    /// while it refuses new operations; the data then adds <c>retainedBytes</c>, <c>maxRetainedBytes</c> and
    /// <c>retentionPressure</c>.
    /// </summary>
    /// <remarks>Without <c>AddStatusTracking</c>, the check reports <paramref name="failureStatus"/> with a message saying so.</remarks>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name (default <c>status-hub</c>).</param>
    /// <param name="configure">Sets the check's options; the defaults when <see langword="null"/>.</param>
    /// <param name="failureStatus">The status reported when the hub is full; Unhealthy when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="StatusHubHealthCheckOptions.DegradedRatio"/> is not more than 0 and at most 1.</exception>
    public static IHealthChecksBuilder AddStatusHub(
        this IHealthChecksBuilder builder,
        string name = "status-hub",
        Action<StatusHubHealthCheckOptions>? configure = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = new StatusHubHealthCheckOptions();
        configure?.Invoke(options);
        options.Validate();
        var ratio = options.DegradedRatio;
        return builder.Add(new HealthCheckRegistration(name, services => new StatusHubHealthCheck(services, ratio), failureStatus, tags));
    }
}
