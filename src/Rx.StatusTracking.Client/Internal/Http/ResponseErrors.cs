using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Rx.StatusTracking.Client.Internal;

/// <summary>Turns an answer that ends following (4xx, or not an event stream) into a <see cref="StatusStreamException"/> that says what to do.</summary>
internal static class ResponseErrors
{
    // A problem document is small; anything longer is not read for its detail.
    private const int MaxProblemBytes = 16 * 1024;

    /// <summary>Whether a connection answered this way is worth another attempt (the server or a proxy in trouble, or busy).</summary>
    public static bool IsTransient(HttpStatusCode code) =>
        (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static bool IsEventStream(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

    public static string Describe(HttpStatusCode code) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)code} {code}");

    /// <summary>The exception for <paramref name="response"/>, which it disposes.</summary>
    public static async Task<StatusStreamException> FailureAsync(HttpResponseMessage response, string operationId, long lastSequence, Uri uri, CancellationToken cancellationToken)
    {
        using (response)
        {
            var code = response.StatusCode;
            var (kind, what) = code switch
            {
                HttpStatusCode.NotFound => (StatusStreamErrorKind.OperationNotFound,
                    $"Operation '{operationId}' is not known at {uri} (404): it never existed there, or it completed and was evicted."),
                HttpStatusCode.Unauthorized => (StatusStreamErrorKind.Unauthorized,
                    $"{uri} asks for authentication (401): give the HttpClient credentials (for example a DelegatingHandler that adds a bearer token)."),
                HttpStatusCode.Forbidden => (StatusStreamErrorKind.Forbidden,
                    $"The server refuses this client operation '{operationId}' (403)."),
                HttpStatusCode.OK => (StatusStreamErrorKind.UnexpectedResponse,
                    $"{uri} answered 200 with '{response.Content.Headers.ContentType?.MediaType ?? "no content type"}', not text/event-stream: is it the events endpoint of MapStatusEndpoints? (A sign-in page answers this way too.)"),
                _ when (int)code is >= 400 and < 500 => (StatusStreamErrorKind.Rejected,
                    $"The server refused to stream operation '{operationId}' ({Describe(code)})."),
                _ => (StatusStreamErrorKind.UnexpectedResponse,
                    $"{uri} answered {Describe(code)}{(response.Headers.Location is { } to ? $" (to {to})" : "")}, which the status endpoints never send."),
            };
            var detail = (int)code >= 400 ? await DetailAsync(response, cancellationToken).ConfigureAwait(false) : null;
            var message = detail is null ? what : $"{what} The server said: {detail}";
            return new StatusStreamException(kind, operationId, lastSequence, message, code);
        }
    }

    // The "detail" of an application/problem+json answer (what the endpoints send with 400, 403 and 404), if there is one.
    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxProblemBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            using var problem = JsonDocument.Parse(buffer.AsMemory(0, length));
            return problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String
                ? detail.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // The kind and status already say what matters.
            return null;
        }
    }
}
