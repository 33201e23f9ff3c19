namespace Rx.StatusTracking;

/// <summary>How much a <see cref="StatusTrackingError"/> matters: the level to log it at.</summary>
public enum StatusTrackingSeverity
{
    /// <summary>Normal, bounded operation worth knowing about (the history or failure log trimming its oldest entries).</summary>
    Information = 0,

    /// <summary>Bad input that was handled: a lenient fallback, a refused transition, a report after completion.</summary>
    Warning = 1,

    /// <summary>User code failed: a callback or subscriber threw (it stays subscribed; the others were not disturbed).</summary>
    Error = 2,
}
