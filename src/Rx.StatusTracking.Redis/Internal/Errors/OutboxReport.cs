using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// Builds the reports of a full outbox (<see cref="RedisStatusErrorKind.StatusesConflated"/>,
/// <see cref="RedisStatusErrorKind.StatusesDropped"/>): made at the first and then at every <c>limit</c>-th, so a
/// flood is reported as it grows without a report per status.
/// </summary>
internal static class OutboxReport
{
    /// <returns>The report to make after an add, or <see langword="null"/> when this add is not a reporting point.</returns>
    public static RedisStatusError? Create(ConflationResult result, long total, string operationId, int limit, DateTimeOffset now)
    {
        var reportingPoint = total == 1 || total % limit == 0;
        return result switch
        {
            ConflationResult.Conflated when reportingPoint => new RedisStatusError(RedisStatusErrorKind.StatusesConflated, $"The outbox is full ({limit}): older statuses of a step give way to its newest; {total} conflated so far.", now) { OperationId = operationId, Count = total },
            ConflationResult.Dropped when reportingPoint => new RedisStatusError(RedisStatusErrorKind.StatusesDropped, $"The outbox is at its hard limit ({2 * limit}) with nothing to conflate: statuses are being dropped; {total} so far.", now) { OperationId = operationId, Count = total },
            _ => null,
        };
    }
}
