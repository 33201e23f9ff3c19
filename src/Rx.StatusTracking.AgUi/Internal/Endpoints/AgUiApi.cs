using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// The request handler behind <see cref="AgUiEndpointRouteBuilderExtensions"/>: checks the request (size, body,
/// run id, access), starts the run or finds the one to resume, and streams its events as <c>text/event-stream</c>.
/// </summary>
internal sealed class AgUiApi(
    StatusHub hub,
    Func<AgUiRunContext, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> run,
    string? provider,
    AgUiEndpointOptions options,
    RunRegistry runs,
    ILogger logger,
    CancellationToken stopping)
{
    // The reconnection delay the event stream asks for; AG-UI clients do not reconnect by themselves.
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    // How much event data is written before a flush while a backlog is sent.
    internal const int FlushEveryBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }

        RunInput input;
        try
        {
            input = RunInputReader.Read(body.Value);
        }
        catch (RunInputException e)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        // The run is the hub's operation of that id: the hub's one id rule applies.
        if (!OperationIdRule.TryValidate(input.RunId, hub.MaxOperationIdLength, out var problem))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, $"RunAgentInput.runId is not a valid operation id: {problem}");
            return;
        }

        // A blank Last-Event-ID (sent by some clients before any event) is no resume point: a new run.
        var resume = context.Request.Headers["Last-Event-ID"];
        var resuming = resume.Any(value => !string.IsNullOrWhiteSpace(value));
        var after = 0L;
        if (resuming && !ServerSentEventWriter.TryParseResumePoint(resume, out after))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Last-Event-ID must be an event id of this run: a whole number, 0 or more.");
            return;
        }

        if (options.AuthorizeOperation is { } authorize && !await authorize(context, input.RunId))
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, "You may not run or resume this run.");
            return;
        }

        RunEntry entry;
        if (resuming)
        {
            if (!runs.TryGet(input.RunId, out var found))
            {
                await ProblemAsync(context, StatusCodes.Status404NotFound, "No such run to resume (it may have ended and been evicted): start a new run with a new runId.");
                return;
            }

            if (found.ThreadId != input.ThreadId)
            {
                await ProblemAsync(context, StatusCodes.Status409Conflict, "This run belongs to another thread.");
                return;
            }

            if (after > found.Log.Count)
            {
                await ProblemAsync(context, StatusCodes.Status400BadRequest, $"Last-Event-ID is past this run's events (it has sent {found.Log.Count} so far).");
                return;
            }

            entry = found;
            entry.Log.AddReader();
        }
        else if (await StartAsync(context, input) is { } started)
        {
            entry = started;
        }
        else
        {
            return;
        }

        try
        {
            await StreamAsync(context, entry.Log, after);
        }
        finally
        {
            entry.Log.RemoveReader();
        }
    }

    private async Task<RunEntry?> StartAsync(HttpContext context, RunInput input)
    {
        // The lifecycle scope ends the run's open steps as the library's helpers do (see RunEnding).
        StatusOperation operation;
        try
        {
            operation = hub.Start(input.RunId);
        }
        catch (OperationExistsException)
        {
            await ProblemAsync(context, StatusCodes.Status409Conflict, "A run with this runId exists: resume it with Last-Event-ID, or start a new run with a new runId.");
            return null;
        }
        catch (StatusHubFullException e)
        {
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message);
            return null;
        }

        var log = new RunLog(options.MaxEventsPerRun, options.MaxBytesPerRun);
        var entry = new RunEntry(input.ThreadId, input.RunId, log);

        // Start succeeded, so an older run of this id was evicted: this one replaces whatever is left of it.
        runs.Add(entry);
        log.AddReader();

        var chatOptions = new ChatOptions { Tools = [.. options.Tools, .. input.Tools] };
        var runContext = new AgUiRunContext(input.ThreadId, input.RunId, input.Messages, chatOptions, input.Input, operation.Tracker, context.User);

        // The client runs its tools; a server tool of the same name is the one the model's calls reach.
        var clientTools = input.Tools.Select(t => t.Name).Except(options.Tools.Select(t => t.Name)).ToHashSet(StringComparer.Ordinal);
        var driver = new RunDriver(runContext, operation, clientTools, log, provider, options, logger, stopping);

        // Not tied to the request: a client that disconnects may resume the run. Nor does it carry the request's
        // execution context (its activity, its async locals): the run outlives it, and AgUiRunContext.User says who asked.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => driver.RunAsync(run), CancellationToken.None);
        }

        return entry;
    }

    private async Task StreamAsync(HttpContext context, RunLog log, long after)
    {
        var output = context.Response.BodyWriter;
        var aborted = context.RequestAborted;
        ServerSentEventWriter.Begin(context, ReconnectDelay);
        var batch = new List<byte[]>();
        var last = after;
        try
        {
            while (true)
            {
                batch.Clear();
                log.ReadAfter(last, batch, out var ended, out var changed);
                var unflushed = 0L;
                foreach (var encoded in batch)
                {
                    ServerSentEventWriter.BeginEvent(output, ++last);
                    output.Write(encoded);
                    ServerSentEventWriter.EndEvent(output);

                    // A resume's backlog goes out in bounded pieces, not buffered whole before the first byte leaves.
                    unflushed += encoded.Length;
                    if (unflushed >= FlushEveryBytes)
                    {
                        await output.FlushAsync(aborted);
                        unflushed = 0;
                    }
                }

                await output.FlushAsync(aborted);
                if (ended && last >= log.Count)
                {
                    return;
                }

                if (batch.Count == 0)
                {
                    try
                    {
                        await changed.WaitAsync(options.HeartbeatInterval, options.TimeProvider, aborted);
                    }
                    catch (TimeoutException)
                    {
                        ServerSentEventWriter.Comment(output, "heartbeat");
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left; the run goes on for a resume.
        }
    }

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        var limit = options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The RunAgentInput is larger than this endpoint accepts ({limit} bytes).");
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        // Read in full, up to the limit (a chunked body has no length to check first).
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The RunAgentInput is larger than this endpoint accepts ({limit} bytes).");
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The RunAgentInput is larger than this endpoint accepts ({limit} bytes).");
            return null;
        }

        return buffer.ToArray();
    }

    private static Task ProblemAsync(HttpContext context, int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
}
