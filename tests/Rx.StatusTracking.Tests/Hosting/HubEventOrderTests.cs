using System.Collections.Concurrent;
using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Tests.Hosting;

public class HubEventOrderTests
{
    [Fact]
    public async Task Added_reaches_subscribers_before_a_racing_completion_of_the_same_operation()
    {
        // The clock holds the creating thread at its first reading of the time, while another thread finds the new
        // operation and completes it. Were Added published after the hub's lock, that completion would overtake it.
        var clock = new HoldingClock();
        using var hub = new StatusHub(new() { Scheduler = clock });
        var events = new ConcurrentQueue<string>();
        using var listening = hub.Events.Subscribe(e => events.Enqueue($"{e.Kind}:{e.OperationId}"));

        var completed = new TaskCompletionSource();
        var completer = new Thread(() =>
        {
            ChatStatusTracker? found;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!hub.TryGet("racing", out found))
            {
                if (DateTime.UtcNow > deadline)
                {
                    completed.SetException(new TimeoutException("The operation never appeared."));
                    return;
                }

                Thread.Yield();
            }

            found.Complete();
            clock.Release();
            completed.SetResult();
        });

        clock.HoldNextReadingOn(Environment.CurrentManagedThreadId);
        completer.Start();
        _ = hub.Create("racing");
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(["Added:racing", "Completed:racing"], events);
    }

    [Fact]
    public void An_operation_evicted_to_make_room_is_announced_before_the_one_that_replaced_it()
    {
        var scheduler = new TestScheduler();
        using var hub = new StatusHub(new() { Scheduler = scheduler, MaxOperations = 1 });
        var events = new List<string>();
        hub.Events.Subscribe(e => events.Add($"{e.Kind}:{e.OperationId}"));

        hub.Create("first").Complete();
        hub.Create("second");

        Assert.Equal(["Added:first", "Completed:first", "Evicted:first", "Added:second"], events);
    }

    // Scheduler.Default's clock, except that one reading on one thread waits (at most half a second) for Release.
    private sealed class HoldingClock : IScheduler
    {
        private readonly ManualResetEventSlim _released = new();
        private int _holdThread = -1;

        public DateTimeOffset Now
        {
            get
            {
                if (Interlocked.CompareExchange(ref _holdThread, -1, Environment.CurrentManagedThreadId) == Environment.CurrentManagedThreadId)
                {
                    _released.Wait(TimeSpan.FromMilliseconds(500));
                }

                return Scheduler.Default.Now;
            }
        }

        public void HoldNextReadingOn(int threadId) => Volatile.Write(ref _holdThread, threadId);

        public void Release() => _released.Set();

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) => Scheduler.Default.Schedule(state, action);

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) => Scheduler.Default.Schedule(state, dueTime, action);

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) => Scheduler.Default.Schedule(state, dueTime, action);
    }
}
