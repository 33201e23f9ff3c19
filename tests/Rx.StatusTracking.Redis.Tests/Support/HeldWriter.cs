namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// Holds a publisher's writer between batches, by closing the gate it passes before taking each one
/// (<see cref="WriterHold"/>), so a test can fill the outbox or kill Redis with nothing leaving meanwhile.
/// </summary>
public sealed class HeldWriter : IDisposable
{
    private readonly RedisStatusPublisher _publisher;

    private HeldWriter(RedisStatusPublisher publisher) => _publisher = publisher;

    /// <summary>Returns once the writer waits at its gate: from then on nothing leaves the outbox until <see cref="Release"/>.</summary>
    public static async Task<HeldWriter> HoldAsync(RedisStatusPublisher publisher)
    {
        await publisher.Hold.CloseAsync().WaitAsync(Scripts.Bound);
        return new HeldWriter(publisher);
    }

    /// <summary>Lets the writer go on.</summary>
    public void Release() => _publisher.Hold.Open();

    public void Dispose() => Release();
}
