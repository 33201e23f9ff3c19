using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.AspNetCore.Internal;

namespace Rx.StatusTracking.AspNetCore.Tests.Endpoints;

/// <summary>
/// <see cref="OperationArrivals"/>, what <see cref="StatusEndpointOptions.UnknownOperationWait"/> waits with: only the
/// operation asked for ends a wait, the hub's disposal ends them all, the request's abort ends its own, and past
/// <see cref="OperationArrivals.MaxWaiting"/> nothing waits.
/// </summary>
public sealed class OperationArrivalsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Only_the_operation_waited_for_ends_the_wait_and_its_tracker_is_returned()
    {
        using var hub = new StatusHub();
        var arrivals = new OperationArrivals(hub, Wait, _clock);
        var waiting = arrivals.WaitAsync("late", CancellationToken.None).AsTask();

        hub.Create("somebody-else").Complete();
        Assert.Equal(1, arrivals.Pending("late"));
        var late = hub.Create("late");

        Assert.Equal(0, arrivals.Pending("late"));
        Assert.Same(late, await waiting.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_wait_ends_with_nothing_when_its_time_is_over_the_hub_is_disposed_or_the_request_is_aborted()
    {
        var hub = new StatusHub();
        var arrivals = new OperationArrivals(hub, Wait, _clock);
        var timedOut = arrivals.WaitAsync("a", CancellationToken.None).AsTask();
        _clock.Advance(Wait - TimeSpan.FromTicks(1));
        Assert.Equal(1, arrivals.Pending("a"));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await timedOut.WaitAsync(TimeSpan.FromSeconds(20)));

        using var abort = new CancellationTokenSource();
        var aborted = arrivals.WaitAsync("b", abort.Token).AsTask();
        await abort.CancelAsync();
        Assert.Null(await aborted.WaitAsync(TimeSpan.FromSeconds(20)));

        var disposedMeanwhile = arrivals.WaitAsync("c", CancellationToken.None).AsTask();
        hub.Dispose();
        Assert.Null(await disposedMeanwhile.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(arrivals.WaitAsync("d", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Past_the_most_that_may_wait_a_request_does_not_wait()
    {
        using var hub = new StatusHub();
        var arrivals = new OperationArrivals(hub, Wait, _clock);
        var waits = Enumerable.Range(0, OperationArrivals.MaxWaiting).Select(i => arrivals.WaitAsync($"id-{i}", CancellationToken.None).AsTask()).ToArray();

        var turnedAway = arrivals.WaitAsync("one-more", CancellationToken.None);
        Assert.True(turnedAway.IsCompleted);
        Assert.Null(await turnedAway);
        Assert.Equal(0, arrivals.Pending("one-more"));

        // A wait that ends makes room for one more.
        hub.Create("id-0");
        await waits[0].WaitAsync(TimeSpan.FromSeconds(20));
        var admitted = arrivals.WaitAsync("one-more", CancellationToken.None).AsTask();
        Assert.Equal(1, arrivals.Pending("one-more"));
        _clock.Advance(Wait);
        Assert.Null(await admitted.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.All(await Task.WhenAll(waits[1..]).WaitAsync(TimeSpan.FromSeconds(20)), Assert.Null);
    }
}
