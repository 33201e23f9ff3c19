namespace Rx.StatusTracking.Client;

/// <summary>Why a <see cref="StatusStreamClient"/> stopped following an operation (see <see cref="StatusStreamException.Kind"/>).</summary>
public enum StatusStreamErrorKind
{
    /// <summary>The server does not know the operation (404): it never existed there, or it completed and was evicted.</summary>
    OperationNotFound,

    /// <summary>The server asks for authentication (401): give the <see cref="HttpClient"/> credentials.</summary>
    Unauthorized,

    /// <summary>The server refuses this client the operation (403).</summary>
    Forbidden,

    /// <summary>The server refused the request with another 4xx status (400 for an id or resume point it does not accept, 405, 410…).</summary>
    Rejected,

    /// <summary>
    /// The server answered something that is not the status endpoints' answer: a <c>200</c> that is not
    /// <c>text/event-stream</c> (a sign-in page, a proxy's error page) or a redirect the <see cref="HttpClient"/> did not follow.
    /// </summary>
    UnexpectedResponse,

    /// <summary>
    /// An event was not a valid status or gap (bad JSON, missing fields, an unknown state, over 1 MiB), and
    /// <see cref="StatusStreamClientOptions.SkipMalformedEvents"/> is off.
    /// </summary>
    MalformedEvent,

    /// <summary>
    /// The connection failed <see cref="StatusStreamClientOptions.MaxReconnectAttempts"/> + 1 times in a row (network
    /// errors, 5xx, 408 or 429 answers, streams that ended before the operation did); the last cause is the inner exception.
    /// </summary>
    Unreachable,
}
