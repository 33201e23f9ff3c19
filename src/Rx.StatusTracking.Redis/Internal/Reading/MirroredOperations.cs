using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The operations of a hub that a <see cref="HubMirror"/> holds, and where in Redis it reads them. A publisher following
/// the same hub (<see cref="RedisStatusPublisher.PublishHub"/>) leaves out those it would write to the same place: their
/// statuses are there already, and a server that publishes its hub and mirrors the other servers' operations into it would
/// otherwise write every one of theirs again. One mirrored from elsewhere (another prefix, another Redis) is published: a
/// relay.
/// </summary>
/// <remarks>
/// An operation is claimed by its id from just before the mirror creates it, because the hub announces a new operation
/// (and a publisher may start following it) before <see cref="StatusHub.Create"/> returns; then by its tracker, for as long
/// as the tracker lives, so nothing is kept for an operation the hub let go. The tracker is marked before the claim ends.
/// </remarks>
internal static class MirroredOperations
{
    private static readonly ConditionalWeakTable<StatusHub, ConcurrentDictionary<string, RedisLocation>> Creating = new();
    private static readonly ConditionalWeakTable<ChatStatusTracker, RedisLocation> Mirrors = new();

    /// <summary>Claims the id before the mirror reading <paramref name="from"/> creates the operation in the hub.</summary>
    public static void Claim(StatusHub hub, string operationId, RedisLocation from) => Creating.GetOrCreateValue(hub)[operationId] = from;

    /// <summary>Ends the id's claim, marking the tracker the mirror created (null when creating failed).</summary>
    public static void Created(StatusHub hub, string operationId, ChatStatusTracker? tracker, RedisLocation from)
    {
        if (tracker is not null)
        {
            Mirrors.AddOrUpdate(tracker, from);
        }

        if (Creating.TryGetValue(hub, out var creating))
        {
            creating.TryRemove(KeyValuePair.Create(operationId, from));
        }
    }

    /// <summary>Whether a mirror reading <paramref name="place"/> holds (or is creating) this operation of the hub.</summary>
    public static bool Holds(StatusHub hub, string operationId, ChatStatusTracker tracker, RedisLocation place) =>
        (Mirrors.TryGetValue(tracker, out var from) && from.IsSameAs(place))
        || (Creating.TryGetValue(hub, out var creating) && creating.TryGetValue(operationId, out from) && from.IsSameAs(place));
}
