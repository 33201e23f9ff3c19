using Rx.StatusTracking.Redis.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// A batch taken from the outbox, grouped by operation (report order kept within each). Items of an operation that is
/// busy (a share with Redis, or waiting for a retry) wait in its lane (see <see cref="OperationLanes"/>), so nothing of
/// it overtakes what came before; items of an operation whose stream is broken are left out.
/// </summary>
internal sealed class PendingWrite
{
    private PendingWrite(List<OperationWrite> operations) => Operations = operations;

    public List<OperationWrite> Operations { get; }

    /// <summary>Groups a batch by operation.</summary>
    /// <param name="batch">The items, in report order.</param>
    /// <param name="entries">What makes the status entries.</param>
    /// <param name="time">The clock of the fallback reports, made once the entries are written.</param>
    /// <param name="lanes">The busy operations, whose items wait in their lanes.</param>
    public static PendingWrite Prepare(List<OutboxItem> batch, EntryEncoder entries, TimeProvider time, OperationLanes lanes)
    {
        var operations = new List<OperationWrite>();
        var byOperation = new Dictionary<PublishedOperation, OperationWrite>();
        OperationWrite? last = null;
        foreach (var item in batch)
        {
            if (item.Operation.Broken || lanes.TryJoin(item))
            {
                continue;
            }

            // Batches usually hold one operation's run: check the last group before looking it up.
            if (last is null || last.Operation != item.Operation)
            {
                if (!byOperation.TryGetValue(item.Operation, out last))
                {
                    last = new OperationWrite(item.Operation, entries, time);
                    byOperation.Add(item.Operation, last);
                    operations.Add(last);
                }
            }

            last.Add(item);
        }

        return new PendingWrite(operations);
    }

    /// <summary>
    /// One operation's share of a batch. Its entries are a list view of its items' entries, each serialized once, when it
    /// is first read (as the share's script calls are made, so Redis works on one chunk while the next is serialized),
    /// with the <c>after</c> field a jump declares.
    /// </summary>
    internal sealed class OperationWrite(PublishedOperation operation, EntryEncoder entries, TimeProvider time) : IReadOnlyList<StreamWrite>
    {
        private readonly List<OutboxItem> _items = [];

        // Per item, the sequence its entry declares it follows (its after field), or -1 when it follows directly.
        private readonly List<long> _afters = [];

        // The items whose fallbacks were reported (a prefix of them): the rest are reported once written.
        private int _reported;

        public PublishedOperation Operation { get; } = operation;

        public IReadOnlyList<StreamWrite> Entries => this;

        public bool Starts { get; private set; }

        /// <summary>Whether the writer must check that the stream still holds what Redis acknowledged (a repair's share).</summary>
        public bool Check { get; init; }

        public int StatusCount { get; private set; }

        /// <summary>Whether the lanes count its items as held (set when it is first sent, or when it is made to queue).</summary>
        public bool Held { get; set; }

        /// <summary>Whether Redis answered it since it was last sent; <see cref="Failure"/> says how.</summary>
        public bool Answered { get; set; }

        /// <summary>Why Redis did not take it, when it answered; <see langword="null"/> when it did.</summary>
        public Exception? Failure { get; set; }

        /// <summary>
        /// The entry id the stream's top must be at or past for this share to be appended: the last entry of the share
        /// sent before it, while that one is unanswered; <see cref="RedisValue.Null"/> when it follows what Redis
        /// acknowledged (<see cref="PublishedOperation.Confirmed"/>).
        /// </summary>
        public RedisValue ExpectedTop { get; set; }

        /// <summary>
        /// Whether it was sent with nothing of its operation acknowledged and no share before it: the stream must then be
        /// empty or begin with this share's first entry (its own earlier attempt), else it holds another run under the same
        /// id and nothing is written (see <see cref="StreamAppender"/>). The shares sent behind it before its answer
        /// check the same (<see cref="ExpectedHead"/>), so none lands in another run's stream meanwhile.
        /// </summary>
        public bool FirstWrite { get; set; }

        /// <summary>
        /// When it is sent behind its operation's first write before that one's answer (nothing of the operation
        /// acknowledged yet): the first write's first entry, which the stream must begin with for this share to be
        /// appended. Its top alone would not do: another run's stream under the same id may well reach past it.
        /// </summary>
        public StreamWrite? ExpectedHead { get; set; }

        /// <summary>When it is a first write: its first entry, which the shares sent behind it expect the stream to begin with.</summary>
        public StreamWrite? FirstEntry { get; set; }

        /// <summary>What a share sent after this one expects: its last entry's id, or with no entries what it expected itself.</summary>
        public RedisValue ChainTop => Count == 0 ? ExpectedTop : IdOf(Count - 1);

        public long LastStatusSequence { get; private set; }

        /// <summary>The sequence the last entry carries (a status's, or the one a completion follows).</summary>
        public long LastSequence { get; private set; }

        public long? CompletionSequence { get; private set; }

        public int Count => _items.Count;

        /// <summary>How many outbox items this share took: its entries, and its start (which writes no entry).</summary>
        public int ItemCount => _items.Count + (Starts ? 1 : 0);

        /// <summary>An entry, its status serialized on the first read.</summary>
        public StreamWrite this[int index]
        {
            get
            {
                var item = _items[index];
                if (item.Status is null)
                {
                    return StreamWrite.ForCompletion(CompletionSequence!.Value, Operation.Tracker.CompletedAt);
                }

                return item.Encode(entries) with { After = _afters[index] < 0 ? RedisValue.Null : _afters[index] };
            }
        }

        /// <summary>
        /// The <see cref="RedisStatusErrorKind.StatusFallback"/> reports of the entries written and not reported yet: taken
        /// once the entries are in Redis, so a status is reported once, and only when what it names was written.
        /// </summary>
        public RedisStatusError[] TakeFallbackReports()
        {
            List<RedisStatusError>? reports = null;
            for (; _reported < _items.Count; _reported++)
            {
                if (_items[_reported] is { Status: { } status, Fallbacks: not StatusJsonFallbacks.None and var fallbacks })
                {
                    (reports ??= []).Add(StatusFallbackReport.Create(Operation.Id, status, fallbacks, time.GetUtcNow()));
                }
            }

            return reports is null ? [] : [.. reports];
        }

        public void Add(OutboxItem item)
        {
            switch (item.Kind)
            {
                case OutboxItemKind.Started:
                    Starts = true;
                    return;
                case OutboxItemKind.Status:
                    // The chain of what this writer put in the stream: a jump (statuses conflated or dropped in the outbox, a
                    // tracker followed after it trimmed its history) is declared, so readers do not take it for a hole.
                    var previous = Operation.LastPrepared;
                    _afters.Add(item.Sequence == previous + 1 ? -1 : previous);
                    Operation.LastPrepared = item.Sequence;
                    StatusCount++;
                    LastStatusSequence = LastSequence = item.Sequence;
                    break;
                default:
                    // The marker names the last status written, which readers check they have.
                    _afters.Add(-1);
                    CompletionSequence = LastSequence = Operation.LastPrepared;
                    break;
            }

            _items.Add(item);
        }

        /// <summary>Adds a later share of the same operation after this one's items (a failed share takes what waited behind it).</summary>
        public void Append(OperationWrite later)
        {
            Starts |= later.Starts;
            _items.AddRange(later._items);
            _afters.AddRange(later._afters);
            if (later.StatusCount > 0)
            {
                StatusCount += later.StatusCount;
                LastStatusSequence = later.LastStatusSequence;
            }

            if (later.Count > 0)
            {
                LastSequence = later.LastSequence;
            }

            CompletionSequence = later.CompletionSequence ?? CompletionSequence;
        }

        // Without serializing: the id follows from the sequence.
        private RedisValue IdOf(int index) =>
            _items[index].Status is not null ? RedisNames.StatusEntryId(_items[index].Sequence) : RedisNames.CompletionEntryId(CompletionSequence!.Value);

        public IEnumerator<StreamWrite> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
