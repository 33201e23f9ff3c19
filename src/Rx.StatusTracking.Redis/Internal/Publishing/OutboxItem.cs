namespace Rx.StatusTracking.Redis.Internal;

/// <summary>One write the publisher owes Redis.</summary>
internal sealed class OutboxItem
{
    private OutboxItem(OutboxItemKind kind, PublishedOperation operation, ChatStatus? status, long sequence)
    {
        Kind = kind;
        Operation = operation;
        Status = status;
        Sequence = sequence;
    }

    public OutboxItemKind Kind { get; }

    public PublishedOperation Operation { get; }

    public ChatStatus? Status { get; }

    /// <summary>The status's sequence, or for a completion the last sequence before it.</summary>
    public long Sequence { get; }

    public static OutboxItem Started(PublishedOperation operation) => new(OutboxItemKind.Started, operation, null, 0);

    public static OutboxItem ForStatus(PublishedOperation operation, ChatStatus status) => new(OutboxItemKind.Status, operation, status, status.Sequence);

    public static OutboxItem Completed(PublishedOperation operation, long lastSequence) => new(OutboxItemKind.Completed, operation, null, lastSequence);
}

/// <summary>The kinds of <see cref="OutboxItem"/>.</summary>
internal enum OutboxItemKind
{
    Started,
    Status,
    Completed,
}
