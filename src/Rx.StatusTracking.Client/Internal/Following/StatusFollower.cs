using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Client.Internal;

/// <summary>
/// Follows one operation's event stream: connects, reads statuses in sequence order, resumes after the last one
/// delivered (<c>Last-Event-ID</c>) when the connection fails or ends early, waiting with backoff between attempts, and
/// ends at the server's <c>complete</c> event. Statuses at or below the last delivered sequence are never delivered again.
/// </summary>
internal sealed class StatusFollower(HttpClient http, Uri eventsUri, string operationId, long afterSequence, StatusStreamClientOptions options, CancellationToken cancellationToken) : IDisposable
{
    private readonly Backoff _backoff = new(options.InitialReconnectDelay, options.MaxReconnectDelay, options.TimeProvider, options.ReconnectJitter, options.JitterRandom);
    private long _last = afterSequence;
    private int _failures;
    private EventStreamConnection? _connection;
    private bool _ended;

    /// <summary>The next status; <see langword="null"/> once the operation completed.</summary>
    public async ValueTask<ChatStatus?> NextAsync()
    {
        while (!_ended)
        {
            if (_connection is null)
            {
                _connection = await ConnectAsync().ConfigureAwait(false);
                if (_connection is null)
                {
                    // 204: the operation completed and there is nothing after the resume point.
                    _ended = true;
                    break;
                }
            }

            ServerSentEvent? read;
            string? broke = null;
            Exception? cause = null;
            try
            {
                read = await _connection.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
            {
                read = null;
                broke = _connection.IdleExpired ? $"was silent for {Seconds(options.IdleTimeout!.Value)}" : $"broke ({e.Message})";
                cause = _connection.IdleExpired ? null : e;
            }

            if (read is not { } next)
            {
                Disconnect();
                await WaitToReconnectAsync(broke ?? "ended before the operation completed", cause, statusCode: null).ConfigureAwait(false);
                continue;
            }

            if (next.IsComment)
            {
                continue;
            }

            switch (next.Type)
            {
                case "message":
                    if (Status(next) is { } status)
                    {
                        // Only progress proves the connection works: a heartbeat or a replay alone (a proxy that drops
                        // or forgets Last-Event-ID) must not keep the backoff at its first delay forever.
                        _failures = 0;
                        return status;
                    }

                    break;
                case "gap":
                    Gap(next);
                    break;
                case "complete":
                    Disconnect();
                    _ended = true;
                    break;

                    // Other event types are a newer server's: skipped, as an EventSource would.
            }
        }

        return null;
    }

    public void Dispose() => Disconnect();

    private async Task<EventStreamConnection?> ConnectAsync()
    {
        while (true)
        {
            HttpResponseMessage response;
            using (var request = Request())
            {
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException)
                {
                    // OperationCanceledException without our cancellation is HttpClient.Timeout.
                    await WaitToReconnectAsync($"could not be opened ({e.Message})", e, statusCode: null).ConfigureAwait(false);
                    continue;
                }
            }

            if (response.StatusCode == HttpStatusCode.OK && ResponseErrors.IsEventStream(response))
            {
                try
                {
                    return await EventStreamConnection.OpenAsync(response, options, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Whatever ends the opening (a cancellation too) closes the response.
                    response.Dispose();
                    if (cancellationToken.IsCancellationRequested || e is not (HttpRequestException or IOException))
                    {
                        throw;
                    }

                    await WaitToReconnectAsync($"broke ({e.Message})", e, statusCode: null).ConfigureAwait(false);
                    continue;
                }
            }

            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                response.Dispose();
                return null;
            }

            if (ResponseErrors.IsTransient(response.StatusCode))
            {
                var code = response.StatusCode;
                response.Dispose();
                await WaitToReconnectAsync($"was answered {ResponseErrors.Describe(code)}", cause: null, code).ConfigureAwait(false);
                continue;
            }

            throw await ResponseErrors.FailureAsync(response, operationId, _last, eventsUri, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, eventsUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        if (_last > 0)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", _last.ToString(CultureInfo.InvariantCulture));
        }

        return request;
    }

    private async Task WaitToReconnectAsync(string reason, Exception? cause, HttpStatusCode? statusCode)
    {
        _failures++;
        if (options.MaxReconnectAttempts is { } most && _failures > most)
        {
            throw new StatusStreamException(
                StatusStreamErrorKind.Unreachable,
                operationId,
                _last,
                $"The event stream of '{operationId}' at {eventsUri} {reason}, and {Times(_failures)} in a row is more than MaxReconnectAttempts allows: giving up after sequence {_last}.",
                statusCode,
                cause);
        }

        var delay = _backoff.Delay(_failures);

        // Armed before the notice: whoever reads the notice (a test on a fake clock) finds the wait already counting.
        var waiting = Task.Delay(delay, options.TimeProvider, cancellationToken);
        Notify(Notice(
            StatusStreamNoticeKind.Reconnecting,
            $"The event stream of '{operationId}' {reason}; reconnecting in {Seconds(delay)} (attempt {_failures}), after sequence {_last}.") with
        {
            Attempt = _failures,
            Delay = delay,
            Exception = cause,
        });
        await waiting.ConfigureAwait(false);
    }

    private ChatStatus? Status(ServerSentEvent next)
    {
        var problem = next.DataTooLarge ? $"Not a valid status: it is more than the {StatusJson.MaxInputBytes} bytes a status may take." : null;
        if (problem is null && StatusJson.TryDeserialize(next.Data.Span, out var status, out problem))
        {
            if (status.Sequence <= _last)
            {
                // Delivered before this connection: a replay.
                return null;
            }

            _last = status.Sequence;
            return status;
        }

        Malformed(next, problem!);
        return null;
    }

    private void Gap(ServerSentEvent next)
    {
        long? resumedAt = null;
        try
        {
            using var gap = JsonDocument.Parse(next.Data);
            if (gap.RootElement.ValueKind == JsonValueKind.Object
                && gap.RootElement.TryGetProperty("resumedAt", out var value)
                && value.TryGetInt64(out var sequence))
            {
                resumedAt = sequence;
            }
        }
        catch (JsonException)
        {
            // Reported as malformed below.
        }

        if (resumedAt is not { } first || next.DataTooLarge)
        {
            Malformed(next, "Not a valid gap: it lacks a whole-number 'resumedAt'.");
            return;
        }

        Notify(Notice(
            StatusStreamNoticeKind.Gap,
            $"The server does not hold the statuses of '{operationId}' after {_last} and before {first} (its history let them go, or they were lost before they reached it): they are lost to this client, which resumes at {first}.") with
        {
            ResumedAt = first,
        });
    }

    private void Malformed(ServerSentEvent next, string problem)
    {
        var error = new StatusJsonException(problem);
        var which = next.Id is null ? $"A '{next.Type}' event" : $"A '{next.Type}' event (last event id {next.Id})";
        if (!options.SkipMalformedEvents)
        {
            Disconnect();
            throw new StatusStreamException(
                StatusStreamErrorKind.MalformedEvent,
                operationId,
                _last,
                $"{which} of '{operationId}' could not be read ({problem}); set SkipMalformedEvents to skip such events.",
                innerException: error);
        }

        Notify(Notice(StatusStreamNoticeKind.MalformedEventSkipped, $"{which} of '{operationId}' was skipped: {problem}") with
        {
            EventId = next.Id,
            Exception = error,
        });
    }

    private StatusStreamNotice Notice(StatusStreamNoticeKind kind, string message) =>
        new(kind, operationId, message, options.TimeProvider.GetUtcNow()) { LastSequence = _last };

    private void Notify(StatusStreamNotice notice) => options.OnNotice?.Invoke(notice);

    private void Disconnect()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private static string Seconds(TimeSpan delay) => string.Create(CultureInfo.InvariantCulture, $"{delay.TotalSeconds:0.###} s");

    private static string Times(int count) => count == 1 ? "1 failure" : string.Create(CultureInfo.InvariantCulture, $"{count} failures");
}
