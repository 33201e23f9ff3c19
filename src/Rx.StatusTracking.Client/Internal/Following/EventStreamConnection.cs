namespace Rx.StatusTracking.Client.Internal;

/// <summary>
/// One open <c>text/event-stream</c> response: its events, and a silence timer on the options' clock that cuts a
/// connection which went quiet (a half-open TCP connection sends no error, it just stops). The timer runs only while a
/// read is pending: a consumer that takes its time between reads is not the server's silence.
/// </summary>
internal sealed class EventStreamConnection : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly ServerSentEventReader _reader;
    private readonly CancellationTokenSource _readCancel;
    private readonly ITimer? _idleTimer;
    private readonly TimeSpan _idleTimeout;
    private volatile bool _idleExpired;

    private EventStreamConnection(HttpResponseMessage response, Stream body, StatusStreamClientOptions options, CancellationToken cancellationToken)
    {
        _response = response;
        _readCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reader = new ServerSentEventReader(body, StatusJson.MaxInputBytes, Touch);
        if (options.IdleTimeout is { } idle)
        {
            _idleTimeout = idle;
            _idleTimer = options.TimeProvider.CreateTimer(static state => ((EventStreamConnection)state!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Whether the connection was cut for its silence.</summary>
    public bool IdleExpired => _idleExpired;

    public static async Task<EventStreamConnection> OpenAsync(HttpResponseMessage response, StatusStreamClientOptions options, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new EventStreamConnection(response, body, options, cancellationToken);
    }

    /// <summary>The next event or comment; <see langword="null"/> when the server ended the response.</summary>
    public async ValueTask<ServerSentEvent?> ReadAsync()
    {
        Touch();
        try
        {
            return await _reader.ReadAsync(_readCancel.Token).ConfigureAwait(false);
        }
        finally
        {
            _idleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _idleTimer?.Dispose();

        // Disposing an unfinished response closes its connection: the server sees the client leave.
        _response.Dispose();
        _readCancel.Dispose();
    }

    private void Touch() => _idleTimer?.Change(_idleTimeout, Timeout.InfiniteTimeSpan);

    private void Expire()
    {
        _idleExpired = true;
        try
        {
            _readCancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection was closed meanwhile.
        }
    }
}
