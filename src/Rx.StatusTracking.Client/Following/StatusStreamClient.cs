using System.Reactive.Linq;
using System.Runtime.CompilerServices;
using Rx.StatusTracking.Client.Internal;

namespace Rx.StatusTracking.Client;

/// <summary>
/// Follows operations served by <c>MapStatusEndpoints</c> (package Rx.StatusTracking.AspNetCore) from another process:
/// reads an operation's Server-Sent Events over the <see cref="HttpClient"/> it is given and yields its statuses, read
/// with <see cref="StatusJson"/>, in sequence order, until the server says the operation completed.
/// </summary>
/// <remarks>
/// <para>
/// <b>Resuming.</b> When a connection fails (a network error, a 5xx, 408 or 429 answer, a stream that ends before the
/// operation does, or one silent for <see cref="StatusStreamClientOptions.IdleTimeout"/>), the client waits and
/// reconnects with <c>Last-Event-ID</c> set to the last sequence it delivered, so the server sends what came after it:
/// nothing missing, and, since the client also drops any status at or below that sequence, nothing twice. The waits
/// grow from <see cref="StatusStreamClientOptions.InitialReconnectDelay"/>, doubling per failure in a row, up to
/// <see cref="StatusStreamClientOptions.MaxReconnectDelay"/>, each shortened at random by up to
/// <see cref="StatusStreamClientOptions.ReconnectJitter"/>; after <see cref="StatusStreamClientOptions.MaxReconnectAttempts"/>
/// failures in a row it gives up. The server's <c>retry:</c> field is not used.
/// </para>
/// <para>
/// <b>Gaps.</b> Sequences may jump: the server conflates a slow connection's statuses per step (never a step's ending),
/// and that is no loss. When the server says statuses are lost for good (<c>event: gap</c>: the resume point is older than
/// its bounded history, or the server mirrors the operation and its source lost them), the client reports a
/// <see cref="StatusStreamNoticeKind.Gap"/> notice to
/// <see cref="StatusStreamClientOptions.OnNotice"/> before the statuses after it, and goes on.
/// </para>
/// <para>
/// <b>Ending.</b> The enumeration ends normally when the server sends <c>event: complete</c> (or answers 204 to a resume
/// point at the end of a completed operation); it ends with <see cref="OperationCanceledException"/> when cancelled, and
/// with a <see cref="StatusStreamException"/> for an unknown operation (404), 401, 403, another 4xx, an answer that is
/// not an event stream, a malformed event (unless <see cref="StatusStreamClientOptions.SkipMalformedEvents"/>), or too many
/// failed connections. Reset markers (<see cref="ChatStatus.IsReset"/>) arrive as statuses, in sequence, like any other.
/// </para>
/// <para>
/// The client holds no state between calls: one instance (and one <see cref="HttpClient"/>) may follow many operations
/// at once. It never disposes the <see cref="HttpClient"/>.
/// </para>
/// </remarks>
public sealed class StatusStreamClient
{
    private readonly HttpClient _http;
    private readonly StatusStreamClientOptions _options;
    private readonly string _prefix;

    /// <summary>Creates a client over <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">
    /// The client every request goes through (its handlers, credentials and <see cref="HttpClient.BaseAddress"/>), for
    /// example one from <c>IHttpClientFactory</c>; it is not disposed.
    /// </param>
    /// <param name="options">Settings; the defaults when <see langword="null"/>. They are copied: later changes have no effect.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <see cref="StatusStreamClientOptions.Prefix"/> is relative and <paramref name="httpClient"/> has no
    /// <see cref="HttpClient.BaseAddress"/> to resolve it against, or an option is blank.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public StatusStreamClient(HttpClient httpClient, StatusStreamClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options?.Copy() ?? new StatusStreamClientOptions();
        _options.Validate();
        _prefix = _options.Prefix.TrimEnd('/');
        // RelativeOrAbsolute: on Unix, UriKind.Absolute reads "/status" as a file path.
        if (httpClient.BaseAddress is null && !(Uri.TryCreate(_options.Prefix, UriKind.RelativeOrAbsolute, out var prefix) && prefix.IsAbsoluteUri))
        {
            throw new ArgumentException(
                $"The prefix '{_options.Prefix}' is relative and the HttpClient has no BaseAddress: set HttpClient.BaseAddress to the server, or StatusStreamClientOptions.Prefix to an absolute URI.",
                nameof(httpClient));
        }

        _http = httpClient;
    }

    /// <summary>
    /// Follows an operation: its retained history after <paramref name="afterSequence"/>, then its statuses as they are
    /// recorded, until it completes (see the remarks of <see cref="StatusStreamClient"/>).
    /// </summary>
    /// <param name="operationId">The operation's id (the one id rule, <see cref="OperationIdRule"/>).</param>
    /// <param name="afterSequence">Deliver only statuses after this sequence (0, the default, for all): a resume point kept from an earlier run.</param>
    /// <param name="cancellationToken">Stops following; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The statuses, each once, in sequence order. Each enumeration follows anew.</returns>
    /// <exception cref="ArgumentException"><paramref name="operationId"/> breaks the id rule (thrown here, not when enumerating).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterSequence"/> is negative.</exception>
    public IAsyncEnumerable<ChatStatus> FollowAsync(string operationId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        var uri = EventsUri(operationId, afterSequence);
        return FollowCoreAsync(uri, operationId, afterSequence, cancellationToken);
    }

    /// <summary>
    /// Follows an operation as a cold observable: each subscription follows it anew (as <see cref="FollowAsync"/>),
    /// <c>OnCompleted</c> when the operation completes, <c>OnError</c> with a <see cref="StatusStreamException"/> when
    /// following stops otherwise; disposing the subscription closes the connection.
    /// </summary>
    /// <param name="operationId">The operation's id (the one id rule, <see cref="OperationIdRule"/>).</param>
    /// <param name="afterSequence">Deliver only statuses after this sequence (0, the default, for all).</param>
    /// <returns>The statuses, each once, in sequence order.</returns>
    /// <exception cref="ArgumentException"><paramref name="operationId"/> breaks the id rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterSequence"/> is negative.</exception>
    public IObservable<ChatStatus> Observe(string operationId, long afterSequence = 0)
    {
        var uri = EventsUri(operationId, afterSequence);
        return Observable.Create<ChatStatus>(async (observer, cancellationToken) =>
        {
            await foreach (var status in FollowCoreAsync(uri, operationId, afterSequence, cancellationToken).ConfigureAwait(false))
            {
                observer.OnNext(status);
            }
        });
    }

    private Uri EventsUri(string operationId, long afterSequence)
    {
        OperationIdRule.Validate(operationId, OperationIdRule.MaxLengthLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var uri = new Uri($"{_prefix}/{Uri.EscapeDataString(operationId)}/events", UriKind.RelativeOrAbsolute);

        // Resolved here as HttpClient would resolve it, so that errors name the URI really requested.
        return !uri.IsAbsoluteUri && _http.BaseAddress is { } server ? new Uri(server, uri) : uri;
    }

    private async IAsyncEnumerable<ChatStatus> FollowCoreAsync(Uri uri, string operationId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var follower = new StatusFollower(_http, uri, operationId, afterSequence, _options, cancellationToken);
        while (await follower.NextAsync().ConfigureAwait(false) is { } status)
        {
            yield return status;
        }
    }
}
