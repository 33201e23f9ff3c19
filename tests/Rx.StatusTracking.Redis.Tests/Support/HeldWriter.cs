using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// Holds a publisher's writer still, so a test can fill the outbox or kill Redis with nothing leaving meanwhile. The key
/// of the operation <c>taken</c> holds a string, so Redis refuses its write; the writer reports that on
/// <see cref="RedisStatusPublisher.Errors"/> from its own thread, and this subscriber keeps it there until
/// <see cref="Release"/>. It also records every error the publisher reports.
/// </summary>
public sealed class HeldWriter : IDisposable
{
    private readonly RedisStatusPublisher _publisher;
    private readonly List<RedisStatusError> _errors = [];
    private readonly SemaphoreSlim _release = new(0);
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ChatStatusTracker _taken = new();
    private readonly IDisposable _watching;
    private IDisposable? _publishing;

    private HeldWriter(RedisStatusPublisher publisher)
    {
        _publisher = publisher;
        _watching = publisher.Errors.Subscribe(e =>
        {
            lock (_errors)
            {
                _errors.Add(e);
            }

            if (e.OperationId == "taken")
            {
                _holding.TrySetResult();
                _release.Wait(Scripts.Bound);
            }
        });
    }

    /// <summary>Every error the publisher reported so far.</summary>
    public RedisStatusError[] Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Makes the key of <c>taken</c> a string and starts watching the publisher's errors.</summary>
    public static async Task<HeldWriter> StartAsync(RedisStatusPublisher publisher, IDatabase database, string keyPrefix)
    {
        await database.StringSetAsync($"{keyPrefix}:taken", "not a stream");
        return new HeldWriter(publisher);
    }

    /// <summary>Publishes <c>taken</c> and returns once the writer is held in the errors subscriber.</summary>
    public async Task HoldAsync()
    {
        _publishing = _publisher.Publish("taken", _taken);
        _taken.Executing(1, "refused");
        await _holding.Task.WaitAsync(Scripts.Bound);
    }

    /// <summary>Lets the writer go on.</summary>
    public void Release() => _release.Release();

    public void Dispose()
    {
        _watching.Dispose();
        _publishing?.Dispose();
        _taken.Dispose();
        _release.Dispose();
    }
}
