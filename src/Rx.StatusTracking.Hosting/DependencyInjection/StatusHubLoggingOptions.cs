namespace Rx.StatusTracking.Hosting;

/// <summary>
/// Whether the host logs the errors of the hub that <see cref="StatusTrackingServiceCollectionExtensions.AddStatusTracking(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// registers. Bound from the same configuration section as the hub's options (<c>"LogErrors": false</c>), or set with
/// <c>services.Configure&lt;StatusHubLoggingOptions&gt;(o =&gt; o.LogErrors = false)</c>.
/// </summary>
public sealed class StatusHubLoggingOptions
{
    /// <summary>The logging category of the entries: <c>Rx.StatusTracking</c>.</summary>
    public const string Category = "Rx.StatusTracking";

    /// <summary>
    /// Whether the hub's and its trackers' <c>Errors</c> are logged while the host runs, under <see cref="Category"/>, at the
    /// level of each error's severity (default <see langword="true"/>; see
    /// <see cref="Logging.StatusErrorLoggingExtensions.LogErrorsTo"/>).
    /// </summary>
    public bool LogErrors { get; set; } = true;
}
