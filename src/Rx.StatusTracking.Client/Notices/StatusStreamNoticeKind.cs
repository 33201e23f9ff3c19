namespace Rx.StatusTracking.Client;

/// <summary>What a <see cref="StatusStreamNotice"/> reports.</summary>
public enum StatusStreamNoticeKind
{
    /// <summary>
    /// The connection failed or ended before the operation did; the client waits <see cref="StatusStreamNotice.Delay"/>
    /// and reconnects, resuming after <see cref="StatusStreamNotice.LastSequence"/>.
    /// </summary>
    Reconnecting,

    /// <summary>
    /// The server does not hold the statuses after <see cref="StatusStreamNotice.LastSequence"/> and before
    /// <see cref="StatusStreamNotice.ResumedAt"/>: its bounded history let them go while the client was away, or they
    /// were lost before they reached it (a server that mirrors operations from Redis, where they were trimmed or lost).
    /// They will never be delivered. The statuses from <see cref="StatusStreamNotice.ResumedAt"/> on follow.
    /// </summary>
    Gap,

    /// <summary>
    /// An event was not a valid status or gap and was skipped (only with
    /// <see cref="StatusStreamClientOptions.SkipMalformedEvents"/>; otherwise following stops with
    /// <see cref="StatusStreamErrorKind.MalformedEvent"/>).
    /// </summary>
    MalformedEventSkipped,
}
