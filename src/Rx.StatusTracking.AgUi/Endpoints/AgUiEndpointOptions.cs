using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.AgUi;

/// <summary>Settings of the AG-UI endpoint (<see cref="AgUiEndpointRouteBuilderExtensions"/>).</summary>
public sealed class AgUiEndpointOptions
{
    /// <summary>The default <see cref="MaxRequestBodyBytes"/>: 4 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>The default <see cref="MaxEventsPerRun"/>: 100,000.</summary>
    public const int DefaultMaxEventsPerRun = 100_000;

    /// <summary>The default <see cref="MaxBytesPerRun"/>: 16 MiB.</summary>
    public const long DefaultMaxBytesPerRun = 16 * 1024 * 1024;

    /// <summary>The default <see cref="ResumeWindow"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultResumeWindow = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="HeartbeatInterval"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Decides whether a request may start or resume the run whose <c>runId</c> is given (after authentication), as
    /// <c>StatusEndpointOptions.AuthorizeOperation</c> does for the status endpoints: the run is the hub's operation of
    /// that id, so the same delegate serves both. A refusal answers 403. <see langword="null"/> (the default) lets every
    /// request run.
    /// </summary>
    public Func<HttpContext, string, ValueTask<bool>>? AuthorizeOperation { get; set; }

    /// <summary>The largest <c>RunAgentInput</c> body accepted, in bytes (default 4 MiB); a larger one answers 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// How many events one run may send (default 100,000). A run's events are kept until its operation is evicted from
    /// the hub, so that a client can resume; a run that would send more is cancelled and ends with <c>RUN_ERROR</c>
    /// (code <c>too_many_events</c>).
    /// </summary>
    public int MaxEventsPerRun { get; set; } = DefaultMaxEventsPerRun;

    /// <summary>
    /// How many bytes of events (their JSON, as sent) one run may keep (default 16 MiB, at least 64 KiB): the events are
    /// kept for resumes as <see cref="MaxEventsPerRun"/> says. A run whose next event would go past it is cancelled and
    /// ends with <c>RUN_ERROR</c> (code <c>too_large</c>); the terminal event itself is never refused.
    /// </summary>
    public long MaxBytesPerRun { get; set; } = DefaultMaxBytesPerRun;

    /// <summary>
    /// How long a run goes on with no client reading it (default 30 s): a client that disconnected may resume it with
    /// <c>Last-Event-ID</c> meanwhile; after that the run is cancelled (<c>RUN_FINISHED</c> with a <c>cancelled</c>
    /// outcome), so an aborted client stops paying for the model. <see cref="TimeSpan.Zero"/> cancels at once.
    /// </summary>
    public TimeSpan ResumeWindow { get; set; } = DefaultResumeWindow;

    /// <summary>How long an event stream may stay silent before a heartbeat comment is sent (default 15 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>Tools the server runs, offered to the model in every run beside the ones the client declares (which the client runs).</summary>
    public IList<AITool> Tools { get; } = [];

    /// <summary>Configures the status tracking the chat-client endpoint adds (<c>UseStatusTracking</c>'s options).</summary>
    public Action<StatusTrackingChatOptions>? ConfigureStatusTracking { get; set; }

    /// <summary>The clock of <see cref="ResumeWindow"/> and of <see cref="HeartbeatInterval"/>'s heartbeats (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1, nameof(MaxRequestBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventsPerRun, 16, nameof(MaxEventsPerRun));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytesPerRun, 64 * 1024, nameof(MaxBytesPerRun));
        ArgumentOutOfRangeException.ThrowIfLessThan(ResumeWindow, TimeSpan.Zero, nameof(ResumeWindow));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (Tools.Any(tool => tool is null))
        {
            throw new ArgumentException("AgUiEndpointOptions.Tools must not hold null.", nameof(Tools));
        }
    }
}
