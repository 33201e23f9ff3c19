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

    /// <summary>The status's entry once made (by the writer only: see <see cref="Encode"/>).</summary>
    public StreamWrite? Entry { get; private set; }

    /// <summary>What <see cref="StatusJson"/> changed to make <see cref="Entry"/>.</summary>
    public StatusJsonFallbacks Fallbacks { get; private set; }

    /// <summary>
    /// Makes the status's entry, once: the writer makes the next batch's entries while Redis works on the current one,
    /// so serializing stays off the path Redis waits on.
    /// </summary>
    public void Encode(EntryEncoder entries)
    {
        if (Status is { } status && Entry is null)
        {
            Entry = entries.ForStatus(status, out var fallbacks);
            Fallbacks = fallbacks;
        }
    }

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
