using Microsoft.AspNetCore.Http;
using Rx.StatusTracking.AspNetCore.Internal;

namespace Rx.StatusTracking.AspNetCore;

/// <summary>Settings of <see cref="StatusEndpointRouteBuilderExtensions.MapStatusEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, StatusHub, string, StatusEndpointOptions?)"/>.</summary>
public sealed class StatusEndpointOptions
{
    /// <summary>The default <see cref="MaxBufferedStatuses"/>: 1,024.</summary>
    public const int DefaultMaxBufferedStatuses = 1024;

    /// <summary>The default <see cref="StreamSendBufferBytes"/>: 64 KiB.</summary>
    public const int DefaultStreamSendBufferBytes = 64 * 1024;

    /// <summary>The default <see cref="SlowClientTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultSlowClientTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="HeartbeatInterval"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>The default <see cref="ReconnectDelay"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultReconnectDelay = TimeSpan.FromSeconds(2);

    /// <summary>The default <see cref="PacingInterval"/>: 50 milliseconds.</summary>
    public static readonly TimeSpan DefaultPacingInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The default <see cref="PacingThreshold"/>: 25 milliseconds.</summary>
    public static readonly TimeSpan DefaultPacingThreshold = TimeSpan.FromMilliseconds(25);

    // The smallest StreamSendBufferBytes accepted.
    private const int LowestStreamSendBufferBytes = 4 * 1024;

    /// <summary>
    /// Decides whether a request may see an operation (after authentication). A refusal answers 403, and the
    /// operation is left out of the list. <see langword="null"/> (the default) lets every request see every operation.
    /// </summary>
    public Func<HttpContext, string, ValueTask<bool>>? AuthorizeOperation { get; set; }

    /// <summary>
    /// Origins (e.g. <c>https://app.example.com</c>) whose pages may open the WebSocket endpoint, besides the server's
    /// own origin; <c>*</c> allows any. A browser always sends <c>Origin</c> with a WebSocket; a request whose
    /// origin is not allowed answers 403. Requests without <c>Origin</c> (non-browser clients) are allowed.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Whether errors keep their stack traces in responses. Off by default: stack traces tell an attacker too much.</summary>
    public bool IncludeErrorDetails { get; set; }

    /// <summary>
    /// How many statuses one connection may hold while its client reads slowly (default 1,024). Past it, statuses
    /// are conflated per step (a step's terminal statuses are never dropped); if the connection still holds twice
    /// this many, it is closed and the client resumes from the history.
    /// </summary>
    public int MaxBufferedStatuses { get; set; } = DefaultMaxBufferedStatuses;

    /// <summary>
    /// The socket send buffer of a streaming HTTP/1.1 connection, in bytes (default 64 KiB; <see langword="null"/>
    /// leaves the operating system's, which on Linux grows to megabytes). Statuses that wait in a socket buffer
    /// can no longer be conflated, so a small buffer keeps what a slow client receives fresh.
    /// </summary>
    public int? StreamSendBufferBytes { get; set; } = DefaultStreamSendBufferBytes;

    /// <summary>How long one write to a client may wait before the client counts as stuck and is disconnected (default 30 s).</summary>
    public TimeSpan SlowClientTimeout { get; set; } = DefaultSlowClientTimeout;

    /// <summary>How long an event stream may stay silent before a heartbeat comment (or a WebSocket ping) is sent (default 15 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>The reconnection delay an event stream asks browsers to wait (the SSE <c>retry:</c> field; default 2 s).</summary>
    public TimeSpan ReconnectDelay { get; set; } = DefaultReconnectDelay;

    /// <summary>The longest <see cref="UnknownOperationWait"/>: 30 s.</summary>
    public static readonly TimeSpan MaxUnknownOperationWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request for an operation the hub does not hold waits for the hub to add it before the answer is 404
    /// (default <see cref="TimeSpan.Zero"/>: at once; at most <see cref="MaxUnknownOperationWait"/>). Behind a load
    /// balancer, with a Redis mirror filling each server's hub, a client may ask one server for an operation another server
    /// started a moment ago, before this server's mirror has found it (usually within milliseconds); a second or two here
    /// turns that race into a short wait instead of a 404, which browsers' <c>EventSource</c> never retries.
    /// </summary>
    /// <remarks>
    /// A waiting request holds its connection until the operation comes or the wait ends; at most 1,024 requests of one
    /// <c>MapStatusEndpoints</c> wait at once, and past that the answer is at once, so requests for ids that never come cannot
    /// pile up. <see cref="AuthorizeOperation"/> runs before the wait, so it may be asked about an id that does not exist
    /// (yet). A mirrored operation may reach the hub a moment before its first status does, so a snapshot taken right then
    /// can be empty; the event stream and the WebSocket deliver every status anyway. The <c>rx_status.web.requests.waiting</c>
    /// gauge counts the requests waiting.
    /// </remarks>
    public TimeSpan UnknownOperationWait { get; set; }

    /// <summary>
    /// How often a connection that fell behind is written (default 50 ms, at most 1 s; <see cref="TimeSpan.Zero"/>
    /// turns pacing off). Each write then carries each step's newest status, every terminal status and every reset, so a client
    /// that cannot keep up sees fresh statuses and every ending instead of a backlog seconds old queued in socket
    /// buffers, where nothing can conflate it any more. A connection that keeps up is written as fast as statuses come.
    /// </summary>
    /// <remarks>
    /// A connection falls behind when a status waited <see cref="PacingThreshold"/> in its buffer before its writer
    /// took it (the server is short of time), or when the transport did not take a write at once (the client or the
    /// network is), in two batches in a row. It goes back to writing at once when nothing came for a heartbeat interval, or
    /// after a few pauses that ended on time; one that falls behind again within ten seconds waits twice as long
    /// before trying again. Paced connections are counted by the
    /// <c>rx_status.web.connections.paced</c> gauge, and what pacing skipped by <c>rx_status.web.events.conflated</c>.
    /// </remarks>
    public TimeSpan PacingInterval { get; set; } = DefaultPacingInterval;

    /// <summary>
    /// How long a status may wait in a connection's buffer before the connection counts as behind and is paced
    /// (default 25 ms; see <see cref="PacingInterval"/>).
    /// </summary>
    public TimeSpan PacingThreshold { get; set; } = DefaultPacingThreshold;

    /// <summary>
    /// Whether the WebSocket endpoint compresses its frames (<c>permessage-deflate</c>, RFC 7692) when the client
    /// offers it; a client that does not offer it gets plain frames either way. Off by default.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Caution: compressing data an attacker can influence next to secrets on one connection can leak the secrets
    /// (CRIME/BREACH): the compressed size tells whether the attacker's guess matched text nearby. A status carries
    /// what a user asked and what tools returned, often side by side, so turn this on only where a status's data
    /// holds no secret, or no attacker can place text in it and watch the sizes of the frames.
    /// </para>
    /// <para>
    /// Each status is compressed alone (<c>server_no_context_takeover</c>): the compressor is released after each
    /// frame, so an idle connection holds no compression state (a kept deflate state costs about 256 KiB per
    /// connection), and text in one status is never matched against another status. Small statuses gain little;
    /// large data (tool results, documents) gains most.
    /// </para>
    /// </remarks>
    public bool WebSocketCompression { get; set; }

    // Test hook: how each connection ended (buffer peak, conflated count, why it closed).
    internal Action<ConnectionReport>? ConnectionEnded { get; set; }

    // Test hook: the clock of pacing (how long statuses wait, the pauses).
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    // Test hook: whether work waits in the server's thread pool (a paced connection stays paced while it does), which the
    // tests' own pool, kept busy by the tests around them, must not answer.
    internal Func<bool> ServerHasBacklog { get; set; } = Pacing.ServerHasBacklog;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBufferedStatuses, 1, nameof(MaxBufferedStatuses));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SlowClientTimeout, TimeSpan.Zero, nameof(SlowClientTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        if (StreamSendBufferBytes is { } sendBuffer)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sendBuffer, LowestStreamSendBufferBytes, nameof(StreamSendBufferBytes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectDelay, TimeSpan.Zero, nameof(ReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(UnknownOperationWait, TimeSpan.Zero, nameof(UnknownOperationWait));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(UnknownOperationWait, MaxUnknownOperationWait, nameof(UnknownOperationWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(PacingInterval, TimeSpan.Zero, nameof(PacingInterval));

        // A pause is not cut short by the operation's end: a longer one would hold endings back too long.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PacingInterval, TimeSpan.FromSeconds(1), nameof(PacingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PacingThreshold, TimeSpan.Zero, nameof(PacingThreshold));
        if (AllowedOrigins.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("StatusEndpointOptions.AllowedOrigins must not hold an empty or blank origin.", nameof(AllowedOrigins));
        }
    }
}
