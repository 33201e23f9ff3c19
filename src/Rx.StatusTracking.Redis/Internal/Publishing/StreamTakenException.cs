namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// An operation's first write found its stream holding another run's entries under the same id (published before, within
/// <see cref="RedisPublisherOptions.CompletedExpiry"/>, or by another publisher now): nothing of this run was written.
/// Not transient: the writer breaks the operation and reports it as <see cref="RedisStatusErrorKind.WriteRefused"/>.
/// </summary>
/// <param name="operationId">The operation.</param>
internal sealed class StreamTakenException(string operationId)
    : Exception($"its stream holds entries this run does not recognize as its own: another run of '{operationId}', published before (within CompletedExpiry) or by another publisher now, or statuses this tracker no longer holds (reset or trimmed since they were published); nothing of this run was written: give each run an id of its own");
