using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The one way the web packages write <c>text/event-stream</c> (the status endpoints and the AG-UI endpoint): the
/// response headers, the <c>retry:</c> field, <c>id:</c> lines that are whole numbers (so <c>Last-Event-ID</c> resumes
/// exactly), comment lines, and the reading of a resume point. Written straight into the response pipe.
/// </summary>
internal static class ServerSentEventWriter
{
    /// <summary>Starts an event stream: unbuffered, uncached, and the reconnection delay browsers should wait.</summary>
    public static void Begin(HttpContext context, TimeSpan reconnectDelay)
    {
        var response = context.Response;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        Ascii(response.BodyWriter, "retry: ");
        Number(response.BodyWriter, (long)reconnectDelay.TotalMilliseconds);
        Ascii(response.BodyWriter, "\n\n");
    }

    /// <summary>Writes <c>id: {id}\ndata: </c>: the caller writes the data (one line of JSON) and ends it with <see cref="EndEvent"/>.</summary>
    public static void BeginEvent(IBufferWriter<byte> output, long id)
    {
        Ascii(output, "id: ");
        Number(output, id);
        Ascii(output, "\ndata: ");
    }

    /// <summary>Writes <c>event: {name}\ndata: </c> for a named event without an id.</summary>
    public static void BeginNamedEvent(IBufferWriter<byte> output, string name)
    {
        Ascii(output, "event: ");
        Ascii(output, name);
        Ascii(output, "\ndata: ");
    }

    /// <summary>Ends the event begun before.</summary>
    public static void EndEvent(IBufferWriter<byte> output) => Ascii(output, "\n\n");

    /// <summary>A comment line (a heartbeat): clients ignore it, proxies see traffic.</summary>
    public static void Comment(IBufferWriter<byte> output, string text)
    {
        Ascii(output, ": ");
        Ascii(output, text);
        Ascii(output, "\n\n");
    }

    /// <summary>
    /// Reads a resume point (<c>Last-Event-ID</c> or <c>?after=</c>): absent means 0; otherwise one whole number, 0 or
    /// more, with nothing else.
    /// </summary>
    public static bool TryParseResumePoint(StringValues text, out long after)
    {
        after = 0;
        return StringValues.IsNullOrEmpty(text)
            || (text.Count == 1 && long.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out after));
    }

    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    private static void Number(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }
}
