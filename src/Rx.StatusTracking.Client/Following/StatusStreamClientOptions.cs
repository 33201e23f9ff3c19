namespace Rx.StatusTracking.Client;

/// <summary>Settings of a <see cref="StatusStreamClient"/>; the client copies them when it is created.</summary>
public sealed class StatusStreamClientOptions
{
    /// <summary>The default <see cref="Prefix"/>: <c>/status</c>, as <c>MapStatusEndpoints</c> maps by default.</summary>
    public const string DefaultPrefix = "/status";

    /// <summary>The default <see cref="ReconnectJitter"/>: 0.2 (each delay shortened by up to a fifth at random).</summary>
    public const double DefaultReconnectJitter = 0.2;

    /// <summary>The default <see cref="InitialReconnectDelay"/>: 1 second.</summary>
    public static readonly TimeSpan DefaultInitialReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default <see cref="MaxReconnectDelay"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultMaxReconnectDelay = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="IdleTimeout"/>: 60 seconds, four of the server's default 15-second heartbeats.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Where the server mapped the endpoints (the prefix given to <c>MapStatusEndpoints</c>), resolved against
    /// <see cref="HttpClient.BaseAddress"/> as any request URI is; or an absolute URI such as <c>https://chat.example.com/status</c>.
    /// A prefix with a leading slash replaces the base address's path: behind a path base such as <c>https://host/app/</c>,
    /// give <c>status</c> (no leading slash, and the base address ending in a slash) or the full path <c>/app/status</c>.
    /// </summary>
    public string Prefix { get; set; } = DefaultPrefix;

    /// <summary>The delay before the first reconnect after a failure; it doubles with each failure in a row, up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = DefaultInitialReconnectDelay;

    /// <summary>The longest delay between two connection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = DefaultMaxReconnectDelay;

    /// <summary>
    /// The largest fraction, in [0, 1], taken off each reconnect delay at random (default 0.2), so clients that a server
    /// restart dropped together do not all come back at the same moment. 0 makes the delays exact.
    /// </summary>
    public double ReconnectJitter { get; set; } = DefaultReconnectJitter;

    /// <summary>
    /// How many times in a row the client reconnects after a failed connection before it gives up with
    /// <see cref="StatusStreamErrorKind.Unreachable"/>; <see langword="null"/> (the default) reconnects for as long as the
    /// enumeration runs, and 0 never reconnects. The count starts again once a connection delivers an event or a heartbeat.
    /// </summary>
    public int? MaxReconnectAttempts { get; set; }

    /// <summary>
    /// How long a connection may stay silent (no event, no heartbeat comment) before the client counts it as dead and
    /// reconnects; <see langword="null"/> waits for ever. The server sends a heartbeat every 15 seconds by default
    /// (<c>StatusEndpointOptions.HeartbeatInterval</c>): keep this well above its interval.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; } = DefaultIdleTimeout;

    /// <summary>
    /// What a malformed event (bad JSON, missing fields, an unknown state, over 1 MiB) does: <see langword="false"/> (the
    /// default) stops following with <see cref="StatusStreamErrorKind.MalformedEvent"/>, so a client never shows a
    /// state it did not read; <see langword="true"/> skips it, reports
    /// <see cref="StatusStreamNoticeKind.MalformedEventSkipped"/>, and goes on with the next status (for a client
    /// older than its server, which may send states it does not know).
    /// </summary>
    public bool SkipMalformedEvents { get; set; }

    /// <summary>
    /// Called with each <see cref="StatusStreamNotice"/> (reconnects, gaps, skipped events) on the thread that
    /// enumerates, before the statuses that come after it. An exception it throws stops following with that exception
    /// (throw on a <see cref="StatusStreamNoticeKind.Gap"/> to treat gaps as fatal).
    /// </summary>
    public Action<StatusStreamNotice>? OnNotice { get; set; }

    /// <summary>
    /// The clock of the reconnect delays, the idle timeout and the notices' timestamps: <see cref="TimeProvider.System"/>
    /// by default; a fake one (such as <c>FakeTimeProvider</c>) runs them in virtual time in tests.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    // Test hook: the jitter's random source.
    internal Random? JitterRandom { get; set; }

    internal StatusStreamClientOptions Copy() => (StatusStreamClientOptions)MemberwiseClone();

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Prefix, nameof(Prefix));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialReconnectDelay, TimeSpan.Zero, nameof(InitialReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, InitialReconnectDelay, nameof(MaxReconnectDelay));
        if (!(ReconnectJitter is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectJitter), ReconnectJitter, "ReconnectJitter must be a fraction from 0 to 1.");
        }

        if (MaxReconnectAttempts is { } attempts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(attempts, nameof(MaxReconnectAttempts));
        }

        if (IdleTimeout is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(IdleTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
