namespace Rx.StatusTracking.Redis;

/// <summary>
/// A problem met while carrying statuses through Redis. Nothing here is fatal: the publisher and the readers go on,
/// and these reports say what they did about it.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A sentence for logs.</param>
/// <param name="Timestamp">When it happened (UTC).</param>
public sealed record RedisStatusError(RedisStatusErrorKind Kind, string Message, DateTimeOffset Timestamp)
{
    /// <summary>The operation concerned, when there is one.</summary>
    public string? OperationId { get; init; }

    /// <summary>The stream entry concerned (for <see cref="RedisStatusErrorKind.MalformedEntry"/> and <see cref="RedisStatusErrorKind.StatusFallback"/>).</summary>
    public string? EntryId { get; init; }

    /// <summary>The exception behind it, when there is one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>For <see cref="RedisStatusErrorKind.StatusFallback"/>: what <see cref="StatusJson"/> changed to make the status writable and readable.</summary>
    public StatusJsonFallbacks Fallbacks { get; init; }

    /// <summary>A running total where the kind counts something (conflated, dropped or lost statuses, failed attempts).</summary>
    public long Count { get; init; }
}
