using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Runs a write until it succeeds, waiting with backoff after each transient failure; reports the outage once, and its
/// end: restored, or refused when Redis answers with a failure no retry can fix.
/// </summary>
/// <param name="backoff">The delays between attempts, and their clock (the reports' too).</param>
/// <param name="errors">Where the outage and its end are reported.</param>
/// <param name="onTransientFailure">Called at each transient failure (Redis may come back empty: repair before writing on).</param>
internal sealed class WriteRetry(Backoff backoff, ErrorReports errors, Action onTransientFailure)
{
    public async Task RunAsync(Func<Task> action, CancellationToken token)
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
                    errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportFailed, $"Writing to Redis failed ({exception.Message}); retrying with backoff.", backoff.Time.GetUtcNow()) { Exception = exception, Count = 1 });
                }

                try
                {
                    await backoff.WaitAsync(failures, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                // Retrying cannot help (a key of the wrong type, out of memory): report and go on with the next work. An
                // outage ends here too, but Redis did not take the write, so it is not reported as restored.
                var after = failures > 0 ? $"Redis answered again after {failures} failed attempts but refused the write" : "Redis refused a write";
                errors.Report(new RedisStatusError(RedisStatusErrorKind.WriteRefused, $"{after} ({exception.Message}); retrying cannot help, so it was skipped.", backoff.Time.GetUtcNow()) { Exception = exception, Count = failures });
                return;
            }
        }

        if (failures > 0)
        {
            errors.Report(new RedisStatusError(RedisStatusErrorKind.TransportRestored, $"Writing to Redis works again after {failures} failed attempts.", backoff.Time.GetUtcNow()) { Count = failures });
        }
    }
}
