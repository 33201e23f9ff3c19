using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The health of the hosted Redis transport (see <see cref="RedisStatusHealthChecksBuilderExtensions.AddRedisStatusTransport"/>):
/// the failure status when a registered service is not running, Redis does not answer a <c>PING</c>, or the publisher is
/// in an outage; Degraded for a while after Redis refused an operation's write, and when the publisher's outbox holds more
/// than the threshold; Healthy otherwise.
/// </summary>
/// <param name="services">Where the hosted publisher and mirror are found.</param>
/// <param name="degradedOutboxCount">The outbox count above which the transport is Degraded; half of <see cref="RedisPublisherOptions.MaxOutbox"/> when null.</param>
/// <param name="degradedAfterRefusal">How long the transport is Degraded after a refused write (zero: not at all).</param>
internal sealed class RedisTransportHealthCheck(IServiceProvider services, int? degradedOutboxCount, TimeSpan degradedAfterRefusal) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        var publisherService = services.GetService<RedisPublisherService>();
        var mirrorService = services.GetService<RedisMirrorService>();
        if (publisherService is null && mirrorService is null)
        {
            return new HealthCheckResult(failure, "There is no Redis status transport to check: call services.AddRedisStatusPublisher() or services.AddRedisStatusMirror().");
        }

        var publisher = publisherService?.Current;
        var mirror = mirrorService?.Current;
        if ((publisherService is not null && publisher is null) || (mirrorService is not null && mirror is null))
        {
            var which = publisherService is not null && publisher is null ? "publisher" : "mirror";
            return new HealthCheckResult(failure, $"The Redis status {which} is not running (the host has not started it, or has stopped it).");
        }

        // Read once, so the description and the data agree.
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var writing = publisher?.Publisher;
        var waiting = writing?.OutboxCount ?? 0;
        var outageSince = writing?.OutageSince;
        // The count before the refusal: a refusal is recorded before it is counted, so a count above 0 always has one.
        var refusedCount = writing?.RefusedCount ?? 0;
        var lastRefusal = writing?.LastRefusal;
        var publisherOptions = writing is null ? null : services.GetRequiredService<IOptions<RedisPublisherOptions>>().Value;
        var threshold = publisherOptions is null ? 0 : degradedOutboxCount ?? publisherOptions.MaxOutbox / 2;
        if (writing is not null)
        {
            data["outboxCount"] = waiting;
            data["writingCount"] = writing.WritingCount;
            data["degradedOutboxCount"] = threshold;
            data["peakOutboxCount"] = writing.PeakOutboxCount;
            data["publishedCount"] = writing.PublishedCount;
            data["conflatedCount"] = writing.ConflatedCount;
            data["droppedCount"] = writing.DroppedCount;
            data["refusedCount"] = refusedCount;
            if (lastRefusal is not null)
            {
                data["lastRefusedAt"] = lastRefusal.At;
                data["lastRefusedOperation"] = lastRefusal.OperationId;
            }

            if (outageSince is { } since)
            {
                data["outageSince"] = since;
            }
        }

        foreach (var redis in new[] { publisher?.Redis, mirror?.Redis }.OfType<IConnectionMultiplexer>().Distinct())
        {
            if (!redis.IsConnected)
            {
                // Without a connection a PING would wait in the backlog until its timeout: say so at once.
                return new HealthCheckResult(failure, "Redis does not answer: no connection to it is open (StackExchange.Redis keeps trying).", data: data);
            }

            if (await PingAsync(redis, cancellationToken).ConfigureAwait(false) is { } unreachable)
            {
                return new HealthCheckResult(failure, $"Redis does not answer: {unreachable.Message}", unreachable, data);
            }
        }

        var refusedRecently = lastRefusal is not null && publisherOptions!.TimeProvider.GetUtcNow() - lastRefusal.At < degradedAfterRefusal;
        return (writing, outageSince) switch
        {
            (null, _) => new HealthCheckResult(HealthStatus.Healthy, "Redis answers.", data: data),
            (_, { } since) => new HealthCheckResult(failure, string.Create(CultureInfo.InvariantCulture, $"The publisher has failed to write to Redis since {since:O}."), data: data),
            _ when refusedRecently => new HealthCheckResult(
                HealthStatus.Degraded,
                string.Create(CultureInfo.InvariantCulture, $"Redis refused a write of operation '{lastRefusal!.OperationId}' at {lastRefusal.At:O} ({refusedCount} refused in all): it is no longer published; see the publisher's WriteRefused errors."),
                data: data),
            _ when waiting > threshold => new HealthCheckResult(HealthStatus.Degraded, $"The publisher's outbox holds {waiting} items, more than {threshold}: Redis takes statuses more slowly than they come.", data: data),
            _ => new HealthCheckResult(HealthStatus.Healthy, $"Redis answers; the publisher's outbox holds {waiting} items.", data: data),
        };
    }

    /// <summary>Why Redis does not answer a <c>PING</c> on this connection, or null when it does.</summary>
    private static async Task<Exception?> PingAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (RedisNames.IsTransient(exception) || exception is RedisException)
        {
            return exception;
        }
    }
}
