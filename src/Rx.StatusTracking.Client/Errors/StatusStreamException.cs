using System.Net;

namespace Rx.StatusTracking.Client;

/// <summary>A <see cref="StatusStreamClient"/> stopped following an operation, for the reason <see cref="Kind"/> names.</summary>
public sealed class StatusStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why following stopped.</param>
    /// <param name="operationId">The operation that was followed.</param>
    /// <param name="lastSequence">The sequence of the last status delivered (0 when none): pass it as <c>afterSequence</c> to resume.</param>
    /// <param name="message">What happened and what to do, in a sentence or two.</param>
    /// <param name="statusCode">The HTTP status of the answer that ended it, when an answer did.</param>
    /// <param name="innerException">The underlying error, when there is one.</param>
    public StatusStreamException(StatusStreamErrorKind kind, string operationId, long lastSequence, string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        OperationId = operationId;
        LastSequence = lastSequence;
        StatusCode = statusCode;
    }

    /// <summary>Why following stopped.</summary>
    public StatusStreamErrorKind Kind { get; }

    /// <summary>The operation that was followed.</summary>
    public string OperationId { get; }

    /// <summary>The sequence of the last status delivered (0 when none): pass it as <c>afterSequence</c> to resume later.</summary>
    public long LastSequence { get; }

    /// <summary>The HTTP status of the answer that ended it, when an answer did.</summary>
    public HttpStatusCode? StatusCode { get; }
}
