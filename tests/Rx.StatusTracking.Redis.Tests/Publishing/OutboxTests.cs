using Rx.StatusTracking.Internal;
using Rx.StatusTracking.Redis.Internal;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>The outbox's admission on its own (no Redis needed).</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly ChatStatusTracker _tracker = new();
    private long _sequence;

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void Past_twice_its_limit_a_first_update_is_dropped_but_endings_and_reset_markers_never_are()
    {
        var outbox = new Outbox(limit: 2);
        var operation = new PublishedOperation("op", _tracker);
        for (var step = 1; step <= 4; step++)
        {
            Assert.Equal(ConflationResult.Added, outbox.Add(Status(operation, step, StatusState.Executing), out _)); // 1-4
        }

        Assert.Equal(ConflationResult.Dropped, outbox.Add(Status(operation, 5, StatusState.Executing), out var dropped)); // 5
        Assert.Equal(ConflationResult.Added, outbox.Add(Status(operation, 6, StatusState.Completed), out _));             // 6
        Assert.Equal(ConflationResult.Added, outbox.Add(Status(operation, 7, StatusState.Failed), out _));                // 7
        Assert.Equal(ConflationResult.Added, outbox.Add(ResetMarker(operation), out _));                                  // 8
        Assert.Equal(ConflationResult.Added, outbox.Add(OutboxItem.Completed(operation, 8), out _));

        Assert.Equal(1, dropped);
        Assert.Equal((1L, 0L, 8), (outbox.Dropped, outbox.Conflated, outbox.Peak));
        Assert.Equal("1 2 3 4 6 7 8 8", Take(outbox));
    }

    [Fact]
    public void A_reset_marker_of_one_operation_leaves_the_others_steps_to_conflate()
    {
        var outbox = new Outbox(limit: 4);
        var a = new PublishedOperation("a", _tracker);
        var b = new PublishedOperation("b", _tracker);
        outbox.Add(Status(a, 1, StatusState.Executing), out _);  // 1
        outbox.Add(Status(b, 1, StatusState.Executing), out _);  // 2
        outbox.Add(ResetMarker(a), out _);                       // 3
        outbox.Add(Status(a, 1, StatusState.Executing), out _);  // 4: 1 is before a's reset and stays

        // Full: b's step 1 supersedes 2, the one stale status, which gives way.
        Assert.Equal(ConflationResult.Conflated, outbox.Add(Status(b, 1, StatusState.Executing), out var conflated)); // 5
        Assert.Equal(1, conflated);
        Assert.Equal("1 3 4 5", Take(outbox));
    }

    private OutboxItem Status(PublishedOperation operation, int step, StatusState state) =>
        OutboxItem.ForStatus(operation, new ChatStatus { Step = step, Description = $"{step} {state}", State = state, Sequence = ++_sequence });

    private OutboxItem ResetMarker(PublishedOperation operation) =>
        OutboxItem.ForStatus(operation, new ChatStatus { Step = ChatStatus.ResetStep, Description = ChatStatusMessages.TrackerReset, State = StatusState.Completed, IsReset = true, Sequence = ++_sequence });

    private static string Take(Outbox outbox)
    {
        var batch = new List<OutboxItem>();
        outbox.TakeBatch(batch, int.MaxValue);
        return string.Join(' ', batch.Select(i => i.Sequence));
    }
}
