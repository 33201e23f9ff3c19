using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis;

/// <summary>A health check of the hosted Redis transport.</summary>
public static class RedisStatusHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "redis-status";

    /// <summary>The default of how long the transport reads Degraded after Redis refused an operation's write: 5 minutes.</summary>
    public static readonly TimeSpan DefaultDegradedAfterRefusal = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Checks the publisher and mirror of <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusPublisher"/> and
    /// <see cref="RedisStatusServiceCollectionExtensions.AddRedisStatusMirror"/>, whichever are registered.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <paramref name="failureStatus"/> (Unhealthy by default) during an outage: when Redis does not answer a <c>PING</c> on
    /// their connection (or none is open), or when the publisher is failing to write (<see cref="RedisStatusPublisher.OutageSince"/>
    /// is set: it stays so until its next attempt goes through, even once Redis answers again). Also when a registered service
    /// is not running (before the host started it, after it stopped), or neither is registered.
    /// </para>
    /// <para>
    /// Degraded for <paramref name="degradedAfterRefusal"/> after Redis refused an operation's write for good
    /// (<see cref="RedisStatusPublisher.LastRefusedAt"/>: that operation is no longer published, while the others are), and
    /// when the publisher's outbox holds more than <paramref name="degradedOutboxCount"/> items: Redis takes statuses more
    /// slowly than they come, and past <see cref="RedisPublisherOptions.MaxOutbox"/> they are conflated. Healthy otherwise.
    /// With a publisher, the result's data carries <c>outboxCount</c>, <c>writingCount</c>, <c>degradedOutboxCount</c>,
    /// <c>peakOutboxCount</c>, <c>publishedCount</c>, <c>conflatedCount</c>, <c>droppedCount</c>, <c>refusedCount</c> and,
    /// when set, <c>lastRefusedAt</c> with <c>lastRefusedOperation</c> (its id), and <c>outageSince</c>. A Degraded check
    /// answers HTTP 200 through <c>MapHealthChecks</c> unless its <c>ResultStatusCodes</c> say otherwise.
    /// </para>
    /// </remarks>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name; <see cref="DefaultName"/> by default.</param>
    /// <param name="degradedOutboxCount">
    /// The outbox count above which the transport is Degraded; half of the publisher's <see cref="RedisPublisherOptions.MaxOutbox"/>
    /// when null.
    /// </param>
    /// <param name="failureStatus">The status of a failing transport; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">Tags to filter checks by (e.g. "ready").</param>
    /// <param name="degradedAfterRefusal">
    /// How long the transport reads Degraded after Redis refused an operation's write (on the publisher's
    /// <see cref="RedisPublisherOptions.TimeProvider"/>); <see cref="DefaultDegradedAfterRefusal"/> when null,
    /// <see cref="TimeSpan.Zero"/> for not at all.
    /// </param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="degradedOutboxCount"/> or <paramref name="degradedAfterRefusal"/> is negative.</exception>
    public static IHealthChecksBuilder AddRedisStatusTransport(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        int? degradedOutboxCount = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? degradedAfterRefusal = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        if (degradedOutboxCount is { } threshold)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(threshold, nameof(degradedOutboxCount));
        }

        var refusalWindow = degradedAfterRefusal ?? DefaultDegradedAfterRefusal;
        ArgumentOutOfRangeException.ThrowIfLessThan(refusalWindow, TimeSpan.Zero, nameof(degradedAfterRefusal));
        return builder.Add(new HealthCheckRegistration(name, services => new RedisTransportHealthCheck(services, degradedOutboxCount, refusalWindow), failureStatus, tags));
    }
}
