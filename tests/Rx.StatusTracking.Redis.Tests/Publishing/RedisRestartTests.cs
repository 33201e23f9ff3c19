using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>Each test owns a redis-server it kills (SIGKILL) and starts again, empty, on the same port.</summary>
public sealed class RedisRestartTests : OwnedRedis
{
    private static readonly RedisPublisherOptions FastRetry = new() { RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) };

    [RedisFact]
    public async Task Killed_mid_operation_and_restarted_empty_the_consumer_still_ends_with_the_producers_history()
    {
        await using var producerConnection = await Server.ConnectAsync();
        await using var consumerConnection = await Server.ConnectAsync();
        var options = new RedisPublisherOptions { RetryDelay = FastRetry.RetryDelay, MaxRetryDelay = FastRetry.MaxRetryDelay, MaxOutbox = 1_000 };
        await using var publisher = new RedisStatusPublisher(producerConnection, options);
        using var source = new RedisStatusSource(consumerConnection, new RedisSourceOptions { PollInterval = TimeSpan.FromMilliseconds(100), RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) });
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        var recorded = new List<ChatStatus>();
        tracker.Subscribe(recorded.Add);
        using var publishing = publisher.Publish("turn", tracker);
        var observed = new List<ChatStatus>();
        var completed = new TaskCompletionSource();
        using var reading = source.Observe("turn").Subscribe(s => { lock (observed) { observed.Add(s); } }, () => completed.SetResult());

        // Before: 20 statuses, then a kill with no pause, so some of them may be written and not yet read.
        for (var step = 1; step <= 10; step++)
        {
            tracker.Executing(step, $"step {step}");
            tracker.Completed(step, $"step {step} done");
        }

        await RoundTripTests.WaitUntil(() => publisher.PublishedCount >= 10);
        await Server.KillAsync();

        // While down: the producer goes on; nothing waits on Redis.
        var peakWhileDown = 0;
        for (var step = 11; step <= 20; step++)
        {
            tracker.Executing(step, $"step {step}", new { step });
            tracker.Completed(step, $"step {step} done");
            peakWhileDown = Math.Max(peakWhileDown, publisher.OutboxCount);
        }

        // Restart only once the writer has met the outage, so the retry and the refill of the empty server both run.
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportFailed));
        await Server.RestartAsync();
        tracker.Completed(21, "final answer");
        tracker.Complete();
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // A reader that comes after the restart needs what the old server held: the publisher wrote it again.
        var late = await source.Observe("turn").ToList().Timeout(Scripts.Bound);

        Assert.Equal(Scripts.AsJson(recorded), Scripts.AsJson(observed));
        Assert.Equal(Scripts.AsJson(recorded), Scripts.AsJson(late));
        Assert.Equal(Enumerable.Range(1, 41).Select(i => (long)i), observed.Select(s => s.Sequence));
        Assert.InRange(peakWhileDown, 1, options.MaxOutbox);
        Assert.Equal(0, publisher.ConflatedCount);
        await publisher.DisposeAsync();
        var errors = await log.CompletedAsync();
        Assert.Contains(errors, e => e.Kind == RedisStatusErrorKind.TransportRestored);
        Assert.DoesNotContain(errors, e => e.Kind is RedisStatusErrorKind.StatusesLost or RedisStatusErrorKind.StatusesDropped);
    }

    [RedisFact]
    public async Task While_redis_is_down_the_outbox_stays_within_its_bound_by_conflating_and_keeps_every_ending()
    {
        await using var connection = await Server.ConnectAsync();
        var options = new RedisPublisherOptions { RetryDelay = FastRetry.RetryDelay, MaxRetryDelay = FastRetry.MaxRetryDelay, MaxOutbox = 100, MaxBatchSize = 16 };
        await using var publisher = new RedisStatusPublisher(connection, options);
        using var source = new RedisStatusSource(connection, new RedisSourceOptions { PollInterval = TimeSpan.FromMilliseconds(100), RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) });
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 100_000 });
        using var publishing = publisher.Publish("flood", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await Server.KillAsync();

        // 10 steps, each with 1,000 progress updates and then its ending, while Redis is gone.
        var peak = 0;
        for (var step = 1; step <= 10; step++)
        {
            for (var update = 1; update <= 1_000; update++)
            {
                tracker.Executing(step, $"step {step}: {update} of 1000");
                peak = Math.Max(peak, publisher.OutboxCount);
            }

            tracker.Completed(step, $"step {step} done");
        }

        tracker.Complete();
        Assert.InRange(peak, 1, options.MaxOutbox);
        Assert.InRange(publisher.PeakOutboxCount, 1, options.MaxOutbox);
        Assert.True(publisher.ConflatedCount > 9_000, $"conflated {publisher.ConflatedCount}");
        Assert.Equal(0, publisher.DroppedCount);

        await Server.RestartAsync();
        var observed = new List<ChatStatus>();
        await source.Observe("flood").ForEachAsync(s => observed.Add(s)).WaitAsync(TimeSpan.FromSeconds(30));

        // Every step's ending arrived, in order, and nothing twice.
        Assert.Equal(Enumerable.Range(1, 10), observed.Where(s => s.State == StatusState.Completed).Select(s => s.Step));
        Assert.Equal(observed.Select(s => s.Sequence).Distinct().Order(), observed.Select(s => s.Sequence));
        Assert.Equal(tracker.LastSequence, observed[^1].Sequence);
        await publisher.DisposeAsync();
        Assert.Contains(await log.CompletedAsync(), e => e.Kind == RedisStatusErrorKind.StatusesConflated && e.OperationId == "flood");
    }

    [RedisFact]
    public async Task A_write_refused_when_redis_comes_back_ends_the_outage_as_refused_not_as_restored()
    {
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection, FastRetry);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        tracker.Executing(1, "before the outage");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await Server.KillAsync();

        tracker.Completed(1, "during the outage");
        await RoundTripTests.WaitUntil(() => log.Reports.Length > 0);

        // Back, but without scripts: Redis answers every append with an unknown command, which no retry can fix.
        await Server.RestartAsync("--rename-command", "EVAL", "", "--rename-command", "EVALSHA", "");
        await RoundTripTests.WaitUntil(() => log.Reports.Length > 1);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();
        var errors = await log.CompletedAsync();

        Assert.Equal(RedisStatusErrorKind.TransportFailed, errors[0].Kind);
        Assert.StartsWith("Writing to Redis failed (", errors[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => e.Kind == RedisStatusErrorKind.TransportRestored);
        var refused = Assert.Single(errors, e => e.Kind == RedisStatusErrorKind.WriteRefused);
        Assert.StartsWith("ERR unknown command", refused.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal($"Redis answered again after {refused.Count} failed attempts but refused a write for operation 'turn' ({refused.Exception.Message}); retrying cannot help, so its stream is left as it is and nothing more is written to it.", refused.Message);
        Assert.InRange(refused.Count, 1, long.MaxValue);
    }

    [RedisFact]
    public async Task A_write_refused_for_want_of_memory_is_retried_until_memory_frees_and_nothing_is_skipped()
    {
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection, FastRetry);
        await using var readers = await Server.ConnectAsync();
        using var source = new RedisStatusSource(readers);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        using var publishing = publisher.Publish("turn", tracker);

        tracker.Executing(1, "while memory is full");
        tracker.Completed(1, "still full");
        tracker.Complete();
        await RoundTripTests.WaitUntil(() => log.Reports.Length > 0);
        Assert.Equal(RedisStatusErrorKind.TransportFailed, log.Reports[0].Kind);
        Assert.StartsWith("OOM ", log.Reports[0].Exception!.Message, StringComparison.Ordinal);
        Assert.False(publisher.FlushAsync().IsCompleted);

        // Memory frees (completed streams expire, an operator raises the limit): the same write goes through, whole.
        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var read = await source.Observe("turn").ToArray().Timeout(Scripts.Bound);
        Assert.Equal(["1 Executing while memory is full", "1 Completed still full"], read.Select(s => $"{s.Step} {s.State} {s.Description}"));
        await publisher.DisposeAsync();
        Assert.Equal([RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.TransportRestored], (await log.CompletedAsync()).Select(e => e.Kind));
    }

    [RedisFact]
    public async Task When_the_first_of_several_shares_sent_together_is_refused_the_later_ones_land_nowhere_and_all_are_retried_in_order()
    {
        // Batches of two: the operation's first shares go to Redis together, each chained to the one before it.
        await using var connection = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { RetryDelay = FastRetry.RetryDelay, MaxRetryDelay = FastRetry.MaxRetryDelay, MaxBatchSize = 2 });
        await using var readers = await Server.ConnectAsync();
        using var source = new RedisStatusSource(readers);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(Server.Endpoint + ",allowAdmin=true");
        var stream = new RedisNames(new RedisPublisherOptions().KeyPrefix).Stream("turn");
        using (await HeldWriter.HoldAsync(publisher))
        {
            using var publishing = publisher.Publish("turn", tracker);
            for (var step = 1; step <= 10; step++)
            {
                tracker.Executing(step, $"step {step}");
                tracker.Completed(step, $"step {step} done");
            }

            tracker.Complete();
            await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        }

        // The first share is refused (OOM), the ones chained to it find it missing: nothing lands past it.
        await RoundTripTests.WaitUntil(() => log.Reports.Length > 0);
        Assert.Equal(0, await admin.GetDatabase().StreamLengthAsync(stream));
        Assert.StartsWith("OOM ", log.Reports[0].Exception!.Message, StringComparison.Ordinal);

        await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var read = await source.Observe("turn").ToArray().Timeout(Scripts.Bound);
        Assert.Equal(Enumerable.Range(1, 20).Select(s => (long)s), read.Select(s => s.Sequence));
        Assert.Equal(20, publisher.PublishedCount);
        await publisher.DisposeAsync();
        Assert.Equal([RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.TransportRestored], (await log.CompletedAsync()).Select(e => e.Kind));
    }

    [RedisFact]
    public async Task A_write_that_fails_while_redis_is_down_leaves_no_unobserved_task_exception()
    {
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> watch = (_, e) =>
        {
            // Only this test's server: other tests run alongside.
            if (e.Exception.ToString().Contains(Server.Endpoint, StringComparison.Ordinal))
            {
                lock (unobserved)
                {
                    unobserved.Add(e.Exception);
                }
            }
        };
        TaskScheduler.UnobservedTaskException += watch;
        try
        {
            await using var connection = await Server.ConnectAsync();
            await using var publisher = new RedisStatusPublisher(connection, FastRetry);
            using var log = new ReportLog(publisher.Errors);
            using var writer = await HeldWriter.HoldAsync(publisher);

            // One write with the operation's start (its index entry) and 300 statuses (two script calls of at most 256),
            // all failing because Redis is gone.
            await Server.KillAsync();
            using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 1_000 });
            for (var step = 1; step <= 150; step++)
            {
                tracker.Executing(step, $"step {step}");
                tracker.Completed(step, $"step {step} done");
            }

            using var publishing = publisher.Publish("turn", tracker);
            writer.Release();
            await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportFailed));
            await Server.RestartAsync();
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        }
        finally
        {
            // A faulted task nobody awaited is reported when it is collected.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TaskScheduler.UnobservedTaskException -= watch;
        }

        lock (unobserved)
        {
            Assert.Empty(unobserved);
        }
    }

    [RedisFact]
    public async Task While_redis_is_down_a_write_is_retried_after_delays_of_the_options_clock_doubling_from_RetryDelay_up_to_MaxRetryDelay()
    {
        // Commands fail at once while the connection is down (instead of waiting out a timeout in real time), so each
        // attempt's failure follows the previous delay's end without a wait of its own.
        await using var connection = await Server.ConnectFailFastAsync();
        var time = new VirtualTime();
        // No dispose timeout: a test that fails with Redis down must not wait at disposal for a clock nobody advances.
        var options = new RedisPublisherOptions { RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(500), DisposeTimeout = TimeSpan.Zero, TimeProvider = time };
        await using var publisher = new RedisStatusPublisher(connection, options);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        tracker.Executing(1, "before the outage");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Empty(time.Timers);
        Assert.Null(publisher.OutageSince);
        await Server.KillAsync();
        var failedAt = time.GetUtcNow();
        tracker.Completed(1, "during the outage");

        // Each failed attempt starts one delay, and the next attempt comes only once the clock passes it. The outage
        // dates from the first failed attempt all along.
        TimeSpan[] doubling = [.. new[] { 100, 200, 400, 500, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms))];
        for (var attempt = 0; attempt < doubling.Length; attempt++)
        {
            await RoundTripTests.WaitUntil(() => time.Timers.Length == attempt + 1);
            Assert.Equal(doubling[..(attempt + 1)], time.Timers);
            Assert.Equal(failedAt, publisher.OutageSince);
            time.Advance(doubling[attempt]);
        }

        // Back: the attempts go on at the longest delay until the connection is up again, then the write goes through.
        await Server.RestartAsync();
        var flushed = publisher.FlushAsync();
        var passed = doubling.Length;
        while (true)
        {
            await RoundTripTests.WaitUntil(() => flushed.IsCompleted || time.Timers.Length > passed);
            if (flushed.IsCompleted)
            {
                break;
            }

            time.Advance(options.MaxRetryDelay);
            passed++;
        }

        await flushed;
        Assert.Null(publisher.OutageSince);
        var delays = time.Timers;
        Assert.Equal(doubling, delays[..doubling.Length]);
        Assert.All(delays[doubling.Length..], d => Assert.Equal(options.MaxRetryDelay, d));
        await publisher.DisposeAsync();
        var errors = await log.CompletedAsync();
        Assert.Equal([RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.TransportRestored], errors.Select(e => e.Kind));
        Assert.Equal(delays.Length, errors[1].Count);
        Assert.Equal(time.GetUtcNow(), errors[1].Timestamp);
    }
}
