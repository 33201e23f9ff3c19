using Microsoft.Extensions.Time.Testing;
using Rx.StatusTracking.Internal;
using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// The writer's lanes on their own: several shares of one operation with Redis at once, each chained to the one before
/// (and, behind an unanswered first write, to the stream's first entry), answers handled in the order the shares were sent, and a failure taking every later share of its operation into its
/// retry, in order, so nothing is written out of order or past a hole.
/// </summary>
public sealed class OperationLanesTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();
    private readonly EntryEncoder _entries = EntryEncoder.For(new RedisPublisherOptions());
    private readonly ChatStatusTracker _tracker = new();
    private readonly PublishedOperation _turn;
    private readonly OperationLanes _lanes;
    private int _sequence;

    public OperationLanesTests()
    {
        _turn = new PublishedOperation("turn", _tracker);
        _lanes = new OperationLanes(new Backoff(Delay, TimeSpan.FromSeconds(5), _time));
    }

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void Shares_of_one_operation_go_together_up_to_the_limit_each_expecting_the_last_entry_of_the_one_before()
    {
        var shares = Enumerable.Range(0, OperationLanes.MaxInFlight).Select(_ => Send(2)).ToArray();

        Assert.Equal([RedisValue.Null, .. Enumerable.Range(1, OperationLanes.MaxInFlight - 1).Select(s => (RedisValue)$"{s * 2}-0")], shares.Select(s => s.ExpectedTop));
        Assert.True(_lanes.TryJoin(Item()));
        Assert.True(_lanes.TryJoin(Item()));
        Assert.Equal((OperationLanes.MaxInFlight * 2) + 2, _lanes.HeldItems);
    }

    [Fact]
    public void Answers_that_arrive_out_of_order_are_handled_in_the_order_the_shares_were_sent()
    {
        var first = Send(1);
        var second = Send(1);

        OperationLanes.Answer(second, null);
        Assert.False(_lanes.TryTakeAnswered(_turn, out _));
        OperationLanes.Answer(first, null);

        Assert.True(_lanes.TryTakeAnswered(_turn, out var taken));
        Assert.Same(first, taken);
        Assert.Null(_lanes.Succeeded(taken));
        Assert.True(_lanes.TryTakeAnswered(_turn, out taken));
        Assert.Same(second, taken);
        Assert.Null(_lanes.Succeeded(taken));
        Assert.True(_lanes.IsEmpty);
        Assert.Equal(0, _lanes.HeldItems);
    }

    [Fact]
    public void A_failed_share_waits_until_every_later_share_is_answered_then_is_retried_with_the_failed_ones_and_what_queued_in_order()
    {
        PendingWrite.OperationWrite[] shares = [.. Enumerable.Range(0, OperationLanes.MaxInFlight - 1).Select(_ => Send(2)), Send(1)];
        Assert.True(_lanes.TryJoin(Item()));

        OperationLanes.Answer(shares[0], new TimeoutException("The master of the stream is failing over."));
        OperationLanes.Answer(shares[1], new PredecessorNotWrittenException("turn", 0));
        Assert.True(_lanes.TryTakeAnswered(_turn, out var taken));
        _lanes.Failed(taken);
        Assert.True(_lanes.TryTakeAnswered(_turn, out taken));
        _lanes.Failed(taken, afterPredecessor: true);

        // Two are still with Redis: nothing is retried before they answer, even once the delay is over.
        _time.Advance(Delay);
        Assert.Empty(_lanes.TakeDue());
        Assert.Null(_lanes.NextDueAt());
        foreach (var later in shares[2..])
        {
            OperationLanes.Answer(later, new PredecessorNotWrittenException("turn", 0));
        }

        while (_lanes.TryTakeAnswered(_turn, out taken))
        {
            _lanes.Failed(taken, afterPredecessor: true);
        }

        var retry = Assert.Single(_lanes.TakeDue());
        Assert.Same(shares[0], retry);
        Assert.Equal(Enumerable.Range(1, _sequence).Select(s => $"{s}-0"), retry.Entries.Select(e => e.Id.ToString()));
        Assert.Equal(1, _lanes.Retrying);

        // Sent again it follows what Redis acknowledged (nothing is with Redis before it), and its success ends the retry.
        _lanes.Started(retry, _entries);
        Assert.True(retry.ExpectedTop.IsNull);
        OperationLanes.Answer(retry, null);
        Assert.True(_lanes.TryTakeAnswered(_turn, out taken));
        Assert.Null(_lanes.Succeeded(taken));
        Assert.Equal(0, _lanes.Retrying);
        Assert.True(_lanes.IsEmpty);
        Assert.Equal(0, _lanes.HeldItems);
    }

    [Fact]
    public void A_share_refused_after_a_predecessor_that_went_through_is_retried_at_once()
    {
        var first = Send(1);
        var second = Send(1);
        OperationLanes.Answer(first, null);
        OperationLanes.Answer(second, new PredecessorNotWrittenException("turn", 0));
        Assert.True(_lanes.TryTakeAnswered(_turn, out var taken));
        Assert.Null(_lanes.Succeeded(taken));
        Assert.True(_lanes.TryTakeAnswered(_turn, out taken));
        _lanes.Failed(taken, afterPredecessor: true);

        Assert.Same(second, Assert.Single(_lanes.TakeDue()));
    }

    [Fact]
    public void A_failed_share_that_a_later_one_shows_was_written_goes_again_at_once_not_after_its_backoff()
    {
        var first = Send(1);
        var second = Send(1);
        OperationLanes.Answer(first, new TimeoutException("The answer was lost."));
        OperationLanes.Answer(second, null);
        Assert.True(_lanes.TryTakeAnswered(_turn, out var taken));
        _lanes.Failed(taken);
        Assert.Empty(_lanes.TakeDue());
        Assert.True(_lanes.TryTakeAnswered(_turn, out taken));
        Assert.Null(_lanes.Succeeded(taken));

        Assert.Same(first, Assert.Single(_lanes.TakeDue()));
    }

    [Fact]
    public void A_share_after_an_operations_start_alone_waits_for_it_so_the_index_entry_is_in_before_the_entries()
    {
        _lanes.Started(Share(OutboxItem.Started(_turn)), _entries);

        Assert.True(_lanes.TryJoin(Item()));
    }

    [Fact]
    public void Shares_behind_an_unanswered_first_write_expect_the_stream_to_begin_with_its_first_entry()
    {
        var first = Send(2);
        Assert.False(_lanes.TryJoin(Item()));
        var second = Send(1);
        var third = Send(1);
        _turn.Confirm(2);
        var afterAcknowledged = Send(1);

        Assert.Equal((true, false, false), (first.FirstWrite, second.FirstWrite, third.FirstWrite));
        Assert.Null(first.ExpectedHead);
        Assert.Equal(("1-0", "status"), ((string?)second.ExpectedHead!.Value.Id, (string?)second.ExpectedHead.Value.Field));
        Assert.Equal(first.Entries[0].Value, second.ExpectedHead.Value.Value);
        Assert.Equal(second.ExpectedHead, third.ExpectedHead);

        // Something of the operation acknowledged: the stream is this run's, and the top alone is checked.
        Assert.Equal(((RedisValue)"5-0", (StreamWrite?)null), (afterAcknowledged.ExpectedTop, afterAcknowledged.ExpectedHead));
    }

    [Fact]
    public void Nothing_goes_behind_a_first_write_whose_first_entry_cannot_be_made()
    {
        // An error nested deeper than the serializer goes: the status does not serialize, and its share fails as it is sent.
        var error = new StatusError("Deep", "innermost", null, []);
        for (var depth = 0; depth < 200; depth++)
        {
            error = new StatusError("Deep", $"depth {depth}", null, [error]);
        }

        var unwritable = OutboxItem.ForStatus(_turn, new ChatStatus { Step = 1, State = StatusState.Failed, Description = "failed", Sequence = ++_sequence, Error = error });
        var first = Share(unwritable);
        _lanes.Started(first, _entries);

        Assert.True(first.FirstWrite);
        Assert.Null(first.FirstEntry);
        Assert.True(_lanes.TryJoin(Item()));
    }

    [Fact]
    public void A_share_of_an_operation_with_something_acknowledged_is_no_first_write()
    {
        using var tracker = new ChatStatusTracker();
        var confirmed = new PublishedOperation("confirmed", tracker);
        confirmed.Confirm(4);
        var share = new PendingWrite.OperationWrite(confirmed, _entries, _time);
        share.Add(OutboxItem.ForStatus(confirmed, new ChatStatus { Step = 1, State = StatusState.Executing, Description = "on", Sequence = 5 }));
        _lanes.Started(share, _entries);
        Assert.False(share.FirstWrite);
        Assert.False(_lanes.TryJoin(OutboxItem.ForStatus(confirmed, new ChatStatus { Step = 1, State = StatusState.Executing, Description = "on", Sequence = 6 })));
    }

    [Fact]
    public void A_share_after_a_repairs_check_waits_for_it()
    {
        var check = new PendingWrite.OperationWrite(_turn, _entries, _time) { Check = true };
        _lanes.Started(check, _entries);

        Assert.True(_lanes.TryJoin(Item()));
    }

    private PendingWrite.OperationWrite Send(int statuses)
    {
        var share = Share([.. Enumerable.Range(0, statuses).Select(_ => Item())]);
        _lanes.Started(share, _entries);
        return share;
    }

    private PendingWrite.OperationWrite Share(params OutboxItem[] items)
    {
        var share = new PendingWrite.OperationWrite(_turn, _entries, _time);
        foreach (var item in items)
        {
            share.Add(item);
        }

        return share;
    }

    private OutboxItem Item()
    {
        var sequence = ++_sequence;
        return OutboxItem.ForStatus(_turn, new ChatStatus { Step = sequence, State = StatusState.Executing, Description = $"step {sequence}", Sequence = sequence });
    }
}
