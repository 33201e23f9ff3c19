namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// Records the reports an <c>Errors</c> stream delivers. They reach subscribers from the thread pool, after the call
/// that made them has returned, so a test that asserts exactly which reports were made waits for the stream to
/// complete (disposing the publisher or the source completes it) with <see cref="CompletedAsync"/>.
/// </summary>
public sealed class ReportLog : IDisposable
{
    private readonly List<RedisStatusError> _reports = [];
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _watching;

    public ReportLog(IObservable<RedisStatusError> errors) =>
        _watching = errors.Subscribe(
            e =>
            {
                lock (_reports)
                {
                    _reports.Add(e);
                }
            },
            () => _completed.TrySetResult());

    /// <summary>The reports delivered so far.</summary>
    public RedisStatusError[] Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>Whether a report of this kind was delivered so far.</summary>
    public bool Has(RedisStatusErrorKind kind) => Array.Exists(Reports, e => e.Kind == kind);

    /// <summary>Every report, once the stream has completed.</summary>
    public async Task<RedisStatusError[]> CompletedAsync()
    {
        await _completed.Task.WaitAsync(Scripts.Bound);
        return Reports;
    }

    public void Dispose() => _watching.Dispose();
}
