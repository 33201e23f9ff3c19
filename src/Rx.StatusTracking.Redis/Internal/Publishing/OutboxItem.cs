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

    // The status's entry value once made, and the codec that compressed it: kept rather than the entry itself, as items
    // can wait in their thousands (the entry is made again, without serializing, each time it is sent).
    private byte[]? _payload;
    private StatusCodec? _compressedWith;

    /// <summary>What <see cref="StatusJson"/> changed to make the status's entry.</summary>
    public StatusJsonFallbacks Fallbacks { get; private set; }

    /// <summary>
    /// The status's entry, its value made once, when its share is sent (by the one thread that sends it: a share's items
    /// belong to it alone while it is with Redis). A share sent again after a failure reuses the value.
    /// </summary>
    public StreamWrite Encode(EntryEncoder entries)
    {
        if (_payload is null)
        {
            var status = Status ?? throw new InvalidOperationException("Only a status has an entry.");
            _payload = entries.Payload(status, out _compressedWith, out var fallbacks);
            Fallbacks = fallbacks;
        }

        return EntryEncoder.Entry(Sequence, _payload, _compressedWith);
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
