namespace Rx.StatusTracking.AspNetCore;

/// <summary>
/// What the status endpoints log, through the <c>ILoggerFactory</c> of the app's services: the category and the event ids,
/// for filters and alerts.
/// </summary>
public static class StatusEndpointLogEvents
{
    /// <summary>The category of every entry the status endpoints log.</summary>
    public const string Category = "Rx.StatusTracking.AspNetCore";

    /// <summary>Warning: a streaming client read nothing for <see cref="StatusEndpointOptions.SlowClientTimeout"/> and was disconnected.</summary>
    public const int ClientStuck = 1;

    /// <summary>Information: a streaming client fell too far behind and its connection was closed so that it resumes from the history.</summary>
    public const int ClientOverflowed = 2;

    /// <summary>
    /// Warning, once per status: a status was sent changed by one of <see cref="StatusJson"/>'s fallbacks
    /// (<see cref="StatusJsonFallbacks"/>: data it cannot serialize became a marker, or the status would have passed
    /// <see cref="StatusJson.MaxInputBytes"/> and its data was omitted, then its error or description shortened).
    /// </summary>
    public const int StatusFallback = 3;
}
