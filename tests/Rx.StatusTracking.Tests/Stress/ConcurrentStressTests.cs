using System.Diagnostics;
using System.Reactive.Linq;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Tests.Stress;

[Collection(StressCollection.Name)]
public sealed class ConcurrentStressTests(ITestOutputHelper output)
{
    private const int Producers = 16;
    private const int ReportsPerProducer = 62_500;

    [Fact]
    public async Task Sixteen_producers_a_million_reports_and_subscribers_coming_and_going_keep_every_promise()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 1_000 });
        var observers = new List<(SequenceObserver Observer, IDisposable Subscription)>();
        var finished = 0;
        var churned = 0;
        var errors = 0;

        // Trims are expected (a million reports through a history of 1,000); anything else is not.
        using var watching = tracker.Errors
            .Where(e => e.Kind is not (StatusTrackingErrorKind.HistoryTrimmed or StatusTrackingErrorKind.FailuresTrimmed))
            .Subscribe(_ => Interlocked.Increment(ref errors));

        // Subscribers come and go at random (some with the history first) while the producers run.
        var churn = Task.Run(() =>
        {
            var random = new Random(7);
            while (Volatile.Read(ref finished) == 0)
            {
                var observer = new SequenceObserver();
                var subscription = random.Next(4) == 0 ? tracker.WithHistory().Subscribe(observer) : tracker.Subscribe(observer);
                observers.Add((observer, subscription));
                churned++;
                if (observers.Count > 8)
                {
                    var index = random.Next(observers.Count);
                    observers[index].Subscription.Dispose();
                    observers.RemoveAt(index);
                }
            }
        });

        var clock = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < ReportsPerProducer; i++)
            {
                var step = (p * 100) + (i % 100);
                if ((i / 100) % 2 == 0)
                {
                    tracker.Executing(step, "working");
                }
                else
                {
                    tracker.Failed(step, "failed, will retry");
                }
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(120));
        var elapsed = clock.Elapsed;
        Volatile.Write(ref finished, 1);
        await churn.WaitAsync(TimeSpan.FromSeconds(10));
        tracker.Complete();

        Assert.Equal(Producers * ReportsPerProducer, tracker.LastSequence);
        Assert.Equal(0, errors);
        Assert.True(churned > Producers, $"only {churned} subscriptions were made while the producers ran");
        foreach (var (observer, subscription) in observers)
        {
            subscription.Dispose();
            Assert.Null(observer.Violation);
        }

        output.WriteLine($"{Producers * ReportsPerProducer:N0} reports from {Producers} threads in {elapsed.TotalMilliseconds:N0} ms ({Producers * ReportsPerProducer / elapsed.TotalSeconds:N0}/s), {churned:N0} subscriptions made meanwhile");
    }

    /// <summary>Checks, without keeping what it sees, that sequences strictly increase and calls never overlap.</summary>
    private sealed class SequenceObserver : IObserver<ChatStatus>
    {
        private long _last;
        private int _inCall;
        private bool _completed;

        public string? Violation { get; private set; }

        public void OnNext(ChatStatus value)
        {
            if (Interlocked.Exchange(ref _inCall, 1) != 0)
            {
                Violation ??= "overlapping calls";
            }

            if (_completed)
            {
                Violation ??= "OnNext after OnCompleted";
            }

            if (value.Sequence <= _last)
            {
                Violation ??= $"sequence {value.Sequence} after {_last}";
            }

            _last = value.Sequence;
            Volatile.Write(ref _inCall, 0);
        }

        public void OnCompleted()
        {
            if (_completed)
            {
                Violation ??= "two OnCompleted";
            }

            _completed = true;
        }

        public void OnError(Exception error) => Violation ??= $"OnError {error.Message}";
    }
}
