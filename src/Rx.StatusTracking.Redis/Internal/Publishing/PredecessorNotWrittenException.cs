namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// A share chained to the one sent before it (see <see cref="OperationLanes"/>) was refused because that one is not in
/// the stream: it failed, or a redirect made this one overtake it. Nothing was written; the share is retried after it.
/// </summary>
/// <param name="operationId">The operation.</param>
/// <param name="top">The sequence the stream ended at.</param>
internal sealed class PredecessorNotWrittenException(string operationId, long top)
    : Exception($"The stream of '{operationId}' ended at {top}, before the entries this write follows.");
