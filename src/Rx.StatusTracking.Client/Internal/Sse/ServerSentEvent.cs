namespace Rx.StatusTracking.Client.Internal;

/// <summary>One event of a <c>text/event-stream</c> as the SSE specification dispatches it, or a comment line.</summary>
/// <param name="Type">The <c>event:</c> field, <c>message</c> when there was none; empty for a comment.</param>
/// <param name="Id">The last <c>id:</c> field seen so far on the stream (as the specification keeps it), if any.</param>
/// <param name="Data">The <c>data:</c> lines joined with line feeds; valid until the reader's next read.</param>
/// <param name="DataTooLarge">The data passed the reader's limit: <paramref name="Data"/> holds only its start.</param>
/// <param name="IsComment">A comment line (<c>: heartbeat</c>): the server is there, nothing else.</param>
internal readonly record struct ServerSentEvent(string Type, string? Id, ReadOnlyMemory<byte> Data, bool DataTooLarge, bool IsComment);
