using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The operations of a hub that a <see cref="HubMirror"/> holds. A publisher following the same hub
/// (<see cref="RedisStatusPublisher.PublishHub"/>) leaves them out: their statuses are in Redis already, and a server that
/// publishes its hub and mirrors the other servers' operations into it would otherwise write every one of theirs again.
/// </summary>
/// <remarks>
/// An operation is claimed by its id from just before the mirror creates it, because the hub announces a new operation
/// (and a publisher may start following it) before <see cref="StatusHub.Create"/> returns; then by its tracker, for as long
/// as the tracker lives, so nothing is kept for an operation the hub let go.
/// </remarks>
internal static class MirroredOperations
{
    private static readonly ConditionalWeakTable<StatusHub, ConcurrentDictionary<string, byte>> Creating = new();
    private static readonly ConditionalWeakTable<ChatStatusTracker, object> Mirrors = new();
    private static readonly object Mark = new();

    /// <summary>Claims the id before the mirror creates the operation in the hub.</summary>
    public static void Claim(StatusHub hub, string operationId) => Creating.GetOrCreateValue(hub).TryAdd(operationId, 0);

    /// <summary>Ends the id's claim, marking the tracker the mirror created (null when creating failed).</summary>
    public static void Created(StatusHub hub, string operationId, ChatStatusTracker? tracker)
    {
        if (tracker is not null)
        {
            Mirrors.AddOrUpdate(tracker, Mark);
        }

        if (Creating.TryGetValue(hub, out var creating))
        {
            creating.TryRemove(operationId, out _);
        }
    }

    /// <summary>Whether a mirror holds (or is creating) this operation of the hub.</summary>
    public static bool Holds(StatusHub hub, string operationId, ChatStatusTracker tracker) =>
        Mirrors.TryGetValue(tracker, out _) || (Creating.TryGetValue(hub, out var creating) && creating.ContainsKey(operationId));
}
