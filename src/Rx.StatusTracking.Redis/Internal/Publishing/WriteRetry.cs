using Rx.StatusTracking.Internal;
using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Runs a write until it succeeds, waiting with backoff after each transient failure; reports the outage once, and its
/// end: restored, or refused when Redis answers with a failure no retry can fix. Knows since when the current outage
/// lasts, for the publisher's <see cref="RedisStatusPublisher.OutageSince"/> and the <c>rx_status.redis.outage</c> gauge.
/// </summary>
/// <param name="backoff">The delays between attempts, and their clock (the reports' too).</param>
/// <param name="errors">Where the outage and its end are reported.</param>
/// <param name="onTransientFailure">Called at each transient failure (Redis may come back empty: repair before writing on).</param>
internal sealed class WriteRetry(Backoff backoff, ErrorReports errors, Action onTransientFailure)
{
    // UTC ticks of the first failed attempt of the write being retried; 0 while writes go through.
    private long _outageSince;

    /// <summary>When the first attempt of the write being retried failed; <see langword="null"/> while writes go through.</summary>
    public DateTimeOffset? OutageSince => Interlocked.Read(ref _outageSince) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Runs <paramref name="action"/> until Redis takes it, or refuses it for good.</summary>
    /// <returns><see langword="false"/> when <paramref name="token"/> stopped the retries first: the write was given up.</returns>
    public async Task<bool> RunAsync(Func<Task> action, CancellationToken token)
    {
        try
        {
            return await RetryAsync(action, token).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Exchange(ref _outageSince, 0) != 0)
            {
                RedisMeter.OutageEnded();
            }
        }
    }

    private async Task<bool> RetryAsync(Func<Task> action, CancellationToken token)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                await action().ConfigureAwait(false);
                break;
            }
            catch (Exception exception) when (RedisNames.IsTransient(exception))
            {
                failures++;
                onTransientFailure();
                if (failures == 1)
                {
                    var failedAt = backoff.Time.GetUtcNow();
                    Interlocked.Exchange(ref _outageSince, failedAt.UtcTicks);
                    RedisMeter.OutageBegan();
                    errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportFailed, $"Writing to Redis failed ({exception.Message}); retrying with backoff.", failedAt) { Exception = exception, Count = 1 });
                }

                try
                {
                    await backoff.WaitAsync(failures, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
            catch (Exception exception)
            {
                // Retrying cannot help (a key of the wrong type, out of memory): report and go on with the next work. An
                // outage ends here too, but Redis did not take the write, so it is not reported as restored.
                var after = failures > 0 ? $"Redis answered again after {failures} failed attempts but refused the write" : "Redis refused a write";
                errors.Report(new RedisStatusError(RedisStatusErrorKind.WriteRefused, $"{after} ({exception.Message}); retrying cannot help, so it was skipped.", backoff.Time.GetUtcNow()) { Exception = exception, Count = failures });
                return true;
            }
        }

        if (failures > 0)
        {
            errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportRestored, $"Writing to Redis works again after {failures} failed attempts.", backoff.Time.GetUtcNow()) { Count = failures });
        }

        return true;
    }
}
