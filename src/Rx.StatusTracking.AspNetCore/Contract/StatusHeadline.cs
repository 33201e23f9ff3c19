namespace Rx.StatusTracking.AspNetCore;

/// <summary>
/// An operation's latest status as the list (<c>GET {prefix}</c>) carries it: what a list shows, never
/// <see cref="ChatStatus.Data"/> or <see cref="ChatStatus.Error"/>, which can be large. The snapshot and the streams
/// carry whole statuses.
/// </summary>
/// <param name="Sequence">The status's sequence.</param>
/// <param name="Step">The step it reports on (<see cref="ChatStatus.ResetStep"/> for a reset marker).</param>
/// <param name="State">The step's state as of this status.</param>
/// <param name="Description">Its readable sentence.</param>
/// <param name="Timestamp">When it was recorded, by the hub's clock.</param>
public sealed record StatusHeadline(long Sequence, int Step, StatusState State, string Description, DateTimeOffset Timestamp)
{
    internal static StatusHeadline Of(ChatStatus status) => new(status.Sequence, status.Step, status.State, status.Description, status.Timestamp);
}
