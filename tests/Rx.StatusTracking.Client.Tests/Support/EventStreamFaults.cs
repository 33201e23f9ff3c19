using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Rx.StatusTracking.Client.Tests.Support;

/// <summary>One request to the event-stream endpoint, as the server received it.</summary>
/// <param name="LastEventId">Its <c>Last-Event-ID</c> header, if it had one.</param>
/// <param name="At">When it arrived, by <see cref="EventStreamFaults.Clock"/>.</param>
internal sealed record EventsRequest(string? LastEventId, DateTimeOffset At);

/// <summary>
/// What the tests put in front of the real event-stream endpoint, as a middleware: it records each request, and can
/// answer 503, cut every response in the middle of an event (aborting the connection, or ending the response as if
/// the server had finished), forget the <c>Last-Event-ID</c> header (as a careless proxy would), or rewrite bytes.
/// </summary>
internal sealed class EventStreamFaults
{
    private int _requests;

    /// <summary>How many requests, from the first, answer 503 Service Unavailable.</summary>
    public int UnavailableFirst { get; init; }

    /// <summary>Every response is cut after this many events (heartbeats count) and a few bytes of the next one.</summary>
    public int? CutAfterEvents { get; init; }

    /// <summary>How many responses, from the first that is not a 503, are cut (all by default).</summary>
    public int CutResponses { get; init; } = int.MaxValue;

    /// <summary>
    /// How a cut looks to the client: the server ends the response as if it had finished (the default), or the
    /// connection breaks, the client's read failing as on a reset connection. (A server-side abort cannot stand for
    /// the second: Kestrel drops what it has not sent yet, so where the client's stream ends would be luck.)
    /// </summary>
    public CutKind Cut { get; init; } = CutKind.EndResponse;

    /// <summary>Whether the endpoint is shown requests without their <c>Last-Event-ID</c>, so it replays from the start.</summary>
    public bool ForgetResumePoint { get; init; }

    /// <summary>Text replaced in the stream (in the tests, within one status's JSON, which is written in one piece).</summary>
    public (string From, string To)? Rewrite { get; init; }

    /// <summary>The clock requests are timed with.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ConcurrentQueue<EventsRequest> Requests { get; } = new();

    /// <summary>Released once per event-stream request whose handling ended.</summary>
    public SemaphoreSlim Ended { get; } = new(0);

    public void Install(WebApplication app) => app.Use(HandleAsync);

    /// <summary>The handler of the client's <see cref="HttpClient"/>: breaks event streams when <see cref="Cut"/> says so.</summary>
    public HttpMessageHandler ClientHandler() => new BreakingHandler(this);

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.Value!.EndsWith("/events", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        try
        {
            var index = Interlocked.Increment(ref _requests);
            var resumePoint = context.Request.Headers["Last-Event-ID"].ToString();
            Requests.Enqueue(new EventsRequest(resumePoint.Length > 0 ? resumePoint : null, Clock.GetUtcNow()));
            if (index <= UnavailableFirst)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (ForgetResumePoint)
            {
                context.Request.Headers.Remove("Last-Event-ID");
            }

            // Ending "normally" is the endpoint's own way out: it sees its client gone and returns.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            context.RequestAborted = ended.Token;
            var original = context.Features.Get<IHttpResponseBodyFeature>()!;
            var cutAfter = Cut == CutKind.EndResponse && index - UnavailableFirst <= CutResponses ? CutAfterEvents : null;
            var faulty = new FaultyStream(original.Stream, cutAfter, Rewrite, ended.Cancel);
            var body = new StreamResponseBodyFeature(faulty, original);
            context.Features.Set<IHttpResponseBodyFeature>(body);
            try
            {
                await next(context);
                await body.CompleteAsync();
            }
            finally
            {
                context.Features.Set(original);
            }
        }
        finally
        {
            Ended.Release();
        }
    }

    /// <summary>The response body as the server-side faults see it: bytes rewritten, cut after some events.</summary>
    private sealed class FaultyStream(Stream inner, int? cutAfterEvents, (string From, string To)? rewrite, Action cut) : Stream
    {
        private readonly byte[]? _from = rewrite is { } r ? Encoding.UTF8.GetBytes(r.From) : null;
        private readonly byte[]? _to = rewrite is { } r ? Encoding.UTF8.GetBytes(r.To) : null;
        private readonly EventCounter? _counter = cutAfterEvents is { } events ? new EventCounter(events) : null;
        private bool _cut;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_cut)
            {
                return;
            }

            if (_from is not null)
            {
                buffer = Replace(buffer.ToArray());
            }

            var end = _counter?.CutPoint(buffer.Span) ?? -1;
            if (end < 0)
            {
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            }

            await inner.WriteAsync(buffer[..end], cancellationToken);
            await inner.FlushAsync(cancellationToken);
            _cut = true;
            cut();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => _cut ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

        public override void Flush() => throw new NotSupportedException("Synchronous writes are not allowed on a response.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are not allowed on a response.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private byte[] Replace(byte[] bytes)
        {
            var result = new List<byte>(bytes.Length);
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes.AsSpan(i).StartsWith(_from))
                {
                    result.AddRange(_to!);
                    i += _from!.Length - 1;
                }
                else
                {
                    result.Add(bytes[i]);
                }
            }

            return [.. result];
        }
    }

    /// <summary>The client's handler: event-stream responses whose read fails after some events, as a reset connection's does.</summary>
    private sealed class BreakingHandler(EventStreamFaults faults) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _streams;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (faults.Cut != CutKind.BreakConnection || faults.CutAfterEvents is not { } events
                || response.Content.Headers.ContentType?.MediaType != "text/event-stream"
                || Interlocked.Increment(ref _streams) > faults.CutResponses)
            {
                return response;
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var broken = new StreamContent(new BreakingStream(body, new EventCounter(events), response.Dispose));
            foreach (var header in response.Content.Headers)
            {
                broken.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = broken;
            return response;
        }
    }

    /// <summary>A response body that hands out the bytes up to the cut, then fails the next read and closes the real connection.</summary>
    private sealed class BreakingStream(Stream inner, EventCounter counter, Action close) : Stream
    {
        private bool _broken;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_broken)
            {
                close();
                throw new IOException("The connection was reset (by the test).");
            }

            var read = await inner.ReadAsync(buffer, cancellationToken);
            var end = counter.CutPoint(buffer.Span[..read]);
            if (end < 0)
            {
                return read;
            }

            _broken = true;
            return end;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                close();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Finds where to cut an event stream: after the blank line ending its first block (<c>retry:</c>), the given number
    /// of events (heartbeats count), and a few bytes of the next event, never a whole one.
    /// </summary>
    private sealed class EventCounter(int events)
    {
        private const int PartialBytes = 12;

        private int _blankLines;
        private bool _afterLineFeed;
        private int _partialLeft = -1;

        /// <summary>Where in these bytes (the next of the stream) to cut, or -1 when not in them.</summary>
        public int CutPoint(ReadOnlySpan<byte> bytes)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (_partialLeft >= 0)
                {
                    if (_partialLeft-- == 0)
                    {
                        return i;
                    }

                    continue;
                }

                if (bytes[i] == (byte)'\n' && _afterLineFeed)
                {
                    _afterLineFeed = false;
                    if (++_blankLines == 1 + events)
                    {
                        _partialLeft = PartialBytes;
                    }

                    continue;
                }

                _afterLineFeed = bytes[i] == (byte)'\n';
            }

            return -1;
        }
    }
}

/// <summary>How <see cref="EventStreamFaults"/> cuts an event stream.</summary>
public enum CutKind
{
    /// <summary>The server ends the response normally, mid-event, as if it had finished.</summary>
    EndResponse,

    /// <summary>The client's read fails mid-event, as on a reset connection, and the real connection is closed.</summary>
    BreakConnection,
}
