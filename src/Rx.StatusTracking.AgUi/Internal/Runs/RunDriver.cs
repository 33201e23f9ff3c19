using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.AgUi.Internal;

/// <summary>
/// Runs one AG-UI run into its <see cref="RunLog"/>: <c>RUN_STARTED</c>; then, as they come, the tracker's statuses
/// (<see cref="StepEvents"/>) and the answer's updates (<see cref="UpdateEvents"/>); then, once the run's operation
/// has been ended (<see cref="RunEnding"/>) and its tracker has delivered every status, every open message and step
/// closed and <c>RUN_FINISHED</c> (success, interrupt when a step waits for input, cancelled) or <c>RUN_ERROR</c>. The
/// run goes on when its client leaves, for a resume, and is cancelled when nobody reads it for the resume window
/// (counted from the last reader leaving). A failed run is logged at Error, a cancelled one at Information; should the
/// ending itself throw, that is logged at Error and the run still ends, with <c>RUN_ERROR</c> code <c>internal_error</c>.
/// </summary>
internal sealed class RunDriver
{
    private readonly AgUiRunContext _context;
    private readonly StatusOperation _operation;
    private readonly IReadOnlySet<string> _clientTools;
    private readonly ILogger _logger;
    private readonly RunLog _log;
    private readonly string? _provider;
    private readonly CancellationTokenSource _cancel;
    private readonly TimeSpan _resumeWindow;
    private readonly TimeProvider _time;
    private volatile bool _overflowed;
    private volatile bool _abandoned;

    public RunDriver(AgUiRunContext context, StatusOperation operation, IReadOnlySet<string> clientTools, RunLog log, string? provider, AgUiEndpointOptions options, ILogger logger, CancellationToken stopping)
    {
        _context = context;
        _operation = operation;
        _clientTools = clientTools;
        _logger = logger;
        _log = log;
        _provider = provider;
        _resumeWindow = options.ResumeWindow;
        _time = options.TimeProvider;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        log.Overflowed += () =>
        {
            _overflowed = true;
            TryCancel();
        };
        log.Abandoned += generation => _ = CancelUnlessResumedAsync(generation);
    }

    public async Task RunAsync(Func<AgUiRunContext, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> run)
    {
        try
        {
            await DriveAsync(run);
        }
        catch (Exception e)
        {
            // Something failed past the run's own code (its ending, a disposed hub at shutdown): logged before the
            // readers get their end (a client that sees it finds the log written), and the end comes even if the
            // logger throws too (ignored if the terminal event is there already) rather than heartbeats forever.
            try
            {
                RunLogging.RunEndFailed(_logger, _context.RunId, _context.ThreadId, e);
            }
            catch (Exception)
            {
                // The logger is down as well: the end below is all that is left to give.
            }

            _log.AppendTerminal("RUN_ERROR", w =>
            {
                w.WriteString("message", "The run could not be ended as it should; the server logged why.");
                w.WriteString("code", "internal_error");
            });
        }
        finally
        {
            _cancel.Dispose();
        }
    }

    private async Task DriveAsync(Func<AgUiRunContext, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> run)
    {
        var (threadId, runId, tracker) = (_context.ThreadId, _context.RunId, _context.Tracker);
        _log.Append("RUN_STARTED", w =>
        {
            w.WriteString("threadId", threadId);
            w.WriteString("runId", runId);
        });

        var steps = new StepEvents(runId, _log, _clientTools);
        var inConversation = _context.Messages.SelectMany(m => m.Contents)
            .Select(c => c switch { FunctionCallContent call => call.CallId, ToolApprovalRequestContent { ToolCall: { } call } => call.CallId, _ => null })
            .OfType<string>();
        var updates = new UpdateEvents(runId, _log, inConversation);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = tracker.Subscribe(new StatusObserver(steps, delivered));
        Exception? failure = null;
        try
        {
            using (ChatStatusScope.Begin(tracker))
            {
                await foreach (var update in run(_context, _cancel.Token).WithCancellation(_cancel.Token))
                {
                    updates.On(update);
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            // Ending the steps and completing the tracker before the last event: the client gets every step's end, and
            // the tracker's completion comes after every status, so no status is still on its way.
            RunEnding.End(_operation, failure, _cancel.Token, steps.IsClientToolCall);
        }

        await delivered.Task;
        var cancelled = failure is OperationCanceledException && _cancel.IsCancellationRequested;
        Log(failure, cancelled);
        if (failure is not null && !cancelled)
        {
            steps.CloseAll();
        }

        if (_overflowed)
        {
            var tooLarge = _log.TooLarge;
            _log.AppendTerminal("RUN_ERROR", w =>
            {
                w.WriteString("message", tooLarge
                    ? "The run sent more event data than the endpoint keeps (AgUiEndpointOptions.MaxBytesPerRun) and was cancelled."
                    : "The run sent more events than the endpoint keeps (AgUiEndpointOptions.MaxEventsPerRun) and was cancelled.");
                w.WriteString("code", tooLarge ? "too_large" : "too_many_events");
                updates.WriteUsage(w, _provider);
            });
            return;
        }

        if (failure is not null && !cancelled)
        {
            _log.AppendTerminal("RUN_ERROR", w =>
            {
                w.WriteString("message", failure.Message);
                w.WriteString("code", failure.GetType().FullName);
                updates.WriteUsage(w, _provider);
            });
            return;
        }

        updates.CloseText();
        var waiting = steps.AwaitingInput.ToList();
        steps.CloseAll();
        _log.AppendTerminal("RUN_FINISHED", w =>
        {
            w.WriteString("threadId", threadId);
            w.WriteString("runId", runId);
            w.WriteStartObject("outcome");
            if (cancelled)
            {
                w.WriteString("type", "cancelled");
            }
            else if (waiting.Count > 0)
            {
                w.WriteString("type", "interrupt");
                WriteInterrupts(w, steps, waiting);
            }
            else
            {
                w.WriteString("type", "success");
            }

            w.WriteEndObject();
            updates.WriteUsage(w, _provider);
        });
    }

    private void Log(Exception? failure, bool cancelled)
    {
        if (failure is null)
        {
            return;
        }

        if (!cancelled)
        {
            RunLogging.RunFailed(_logger, _context.RunId, _context.ThreadId, failure);
            return;
        }

        var reason = _overflowed ? (_log.TooLarge ? "it sent more event data than AgUiEndpointOptions.MaxBytesPerRun" : "it sent more events than AgUiEndpointOptions.MaxEventsPerRun")
            : _abandoned ? "no client read it for AgUiEndpointOptions.ResumeWindow"
            : "the app is stopping";
        RunLogging.RunCancelled(_logger, _context.RunId, _context.ThreadId, reason);
    }

    private static void WriteInterrupts(Utf8JsonWriter writer, StepEvents steps, List<ChatStatus> waiting)
    {
        writer.WriteStartArray("interrupts");
        foreach (var status in waiting)
        {
            writer.WriteStartObject();
            writer.WriteString("id", steps.InterruptIdOf(status));
            if (status.Data is ToolCallData call)
            {
                writer.WriteString("reason", "tool_approval");
                writer.WriteString("message", status.Description);
                writer.WriteString("toolCallId", call.CallId);
            }
            else
            {
                writer.WriteString("reason", "input_required");
                writer.WriteString("message", status.Description);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // One window per time the last reader left; a reader coming meanwhile (even one gone again) makes it stale.
    private async Task CancelUnlessResumedAsync(long generation)
    {
        try
        {
            if (_resumeWindow > TimeSpan.Zero)
            {
                await Task.Delay(_resumeWindow, _time, _cancel.Token);
            }

            if (_log.IsStillAbandoned(generation))
            {
                _abandoned = true;
                TryCancel();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The run ended (or was cancelled) first.
        }
    }

    private void TryCancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run has ended.
        }
    }

    private sealed class StatusObserver(StepEvents steps, TaskCompletionSource delivered) : IObserver<ChatStatus>
    {
        public void OnNext(ChatStatus value) => steps.On(value);

        public void OnCompleted() => delivered.TrySetResult();

        public void OnError(Exception error) => delivered.TrySetResult();
    }
}
