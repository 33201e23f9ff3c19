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

    [Fact]
    public void Retiring_an_operation_that_throws_is_reported_and_the_new_operation_is_created_and_announced()
    {
        // A scheduler whose scheduled work throws the first time it is cancelled: retiring "first" runs into it.
        var scheduler = new TestScheduler();
        using var hub = new StatusHub(new() { Scheduler = new ThrowingCancellation(scheduler), MaxOperations = 1 });
        var events = new List<string>();
        var errors = new List<StatusTrackingError>();
        hub.Events.Subscribe(e => events.Add($"{e.Kind}:{e.OperationId}"));
        hub.Errors.Subscribe(errors.Add);
        var first = hub.Create("first");
        first.Complete();

        var second = hub.Create("second");
        second.Complete();
        hub.Create("third");

        Assert.True(first.IsCompleted);
        Assert.Equal(["third"], hub.OperationIds);
        Assert.Equal(["Added:first", "Completed:first", "Evicted:first", "Added:second", "Completed:second", "Evicted:second", "Added:third"], events);
        var error = Assert.Single(errors);
        Assert.Equal((StatusTrackingErrorKind.CallbackFailed, "Cancelling the scheduled eviction of operation 'first' threw; it was retired anyway."), (error.Kind, error.Message));
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    [Fact]
    public void Dispose_retires_every_operation_and_completes_every_stream_even_when_one_retirement_throws()
    {
        var hub = new StatusHub(new() { Scheduler = new ThrowingCancellation(new TestScheduler()) });
        var a = hub.Create("a");
        a.Complete();
        var b = hub.Create("b");
        var completed = new List<string>();
        hub.Events.Subscribe(_ => { }, () => completed.Add("events"));
        hub.Statuses.Subscribe(_ => { }, () => completed.Add("statuses"));

        hub.Dispose();

        Assert.True(b.IsCompleted);
        Assert.Equal(["events", "statuses"], completed.Order());
    }

    [Fact]
    public async Task Racing_creations_completions_and_evictions_never_show_an_operation_before_its_added()
    {
        using var hub = new StatusHub(new() { MaxOperations = 8, CompletedRetention = TimeSpan.Zero });
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<OperationEventKind>>();
        using var listening = hub.Events.Subscribe(e => seen.GetOrAdd(e.OperationId, _ => new()).Enqueue(e.Kind));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var id = $"t{thread}-{i}";
                try
                {
                    _ = hub.Create(id);
                }
                catch (StatusHubFullException)
                {
                    continue;
                }

                // Another thread may complete it first: whoever finds it.
                if (hub.TryGet($"t{(thread + 1) % 4}-{i}", out var other))
                {
                    other.Complete();
                }

                if (hub.TryGet(id, out var own))
                {
                    own.Complete();
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEmpty(seen);
        Assert.All(seen, pair => Assert.Equal(OperationEventKind.Added, pair.Value.First()));
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

    private sealed class ThrowingCancellation(IScheduler inner) : IScheduler
    {
        private int _thrown;

        public DateTimeOffset Now => inner.Now;

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) => inner.Schedule(state, action);

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            System.Reactive.Disposables.Disposable.Create(() =>
            {
                if (Interlocked.Exchange(ref _thrown, 1) == 0)
                {
                    throw new InvalidOperationException("cannot cancel");
                }
            });

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) => inner.Schedule(state, dueTime, action);
    }
}
