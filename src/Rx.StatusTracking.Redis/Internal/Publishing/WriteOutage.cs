using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Since when writes fail for want of Redis, for the publisher's <see cref="RedisStatusPublisher.OutageSince"/> and the
/// <c>rx_status.redis.outage</c> gauge, and the reports that frame an outage: <see cref="RedisStatusErrorKind.TransportFailed"/>
/// at its first failed attempt, <see cref="RedisStatusErrorKind.TransportRestored"/> once no write waits for a retry
/// any more (unless Redis then refused every one of them for good: that is reported as
/// <see cref="RedisStatusErrorKind.WriteRefused"/>). Used by the writer's thread; <see cref="OutageSince"/> is read anywhere.
/// </summary>
/// <param name="errors">Where the outage and its end are reported.</param>
/// <param name="time">The clock of the reports.</param>
internal sealed class WriteOutage(ErrorReports errors, TimeProvider time)
{
    // UTC ticks of the first failed attempt of the outage; 0 while writes go through.
    private long _since;
    private int _failedAttempts;
    private bool _anyTaken;

    /// <summary>When the first attempt of the outage failed; <see langword="null"/> while writes go through.</summary>
    public DateTimeOffset? OutageSince => Interlocked.Read(ref _since) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>How many attempts failed since the outage began.</summary>
    public int FailedAttempts => _failedAttempts;

    /// <summary>An attempt failed for want of Redis; the first of an outage is reported.</summary>
    public void Failed(Exception exception, string? operationId)
    {
        if (_failedAttempts++ > 0)
        {
            return;
        }

        var failedAt = time.GetUtcNow();
        Interlocked.Exchange(ref _since, failedAt.UtcTicks);
        RedisMeter.OutageBegan();
        errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportFailed, $"Writing to Redis failed ({exception.Message}); retrying with backoff.", failedAt) { OperationId = operationId, Exception = exception, Count = 1 });
    }

    /// <summary>A write went through during the outage.</summary>
    public void Taken() => _anyTaken = true;

    /// <summary>No write waits for a retry any more: the outage, if any, is over.</summary>
    public void Ended()
    {
        if (_failedAttempts == 0)
        {
            return;
        }

        if (_anyTaken)
        {
            errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportRestored, $"Writing to Redis works again after {_failedAttempts} failed attempts.", time.GetUtcNow()) { Count = _failedAttempts });
        }

        _failedAttempts = 0;
        _anyTaken = false;
        Interlocked.Exchange(ref _since, 0);
        RedisMeter.OutageEnded();
    }
}
