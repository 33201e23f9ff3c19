using System.Text.Json;

namespace Rx.StatusTracking;

/// <summary>A status read from JSON (a web client, a Redis stream) was malformed, incomplete, too large or out of range.</summary>
public sealed class StatusJsonException : JsonException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong, in a sentence.</param>
    /// <param name="innerException">The parser's own error, when there was one.</param>
    public StatusJsonException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
