namespace Rx.StatusTracking.AspNetCore;

/// <summary>What <c>GET {prefix}</c> serves: the operations, oldest first, and the server's clock.</summary>
/// <param name="ServerTime">
/// The hub's clock (<see cref="StatusHub.Scheduler"/>, which stamps <see cref="ChatStatus.Timestamp"/>) when the list was
/// written: a client computes how long a running step has taken against it, not against its own clock, by keeping the
/// difference between the two. An operation mirrored from another process (Redis) keeps its producer's timestamps, so
/// its elapsed times are only as right as the two servers' clocks agree.
/// </param>
/// <param name="Operations">The operations this request may see (see <see cref="StatusEndpointOptions.AuthorizeOperation"/>), as summaries.</param>
public sealed record OperationList(DateTimeOffset ServerTime, IReadOnlyList<OperationListItem> Operations);
