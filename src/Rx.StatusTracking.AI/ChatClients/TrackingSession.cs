using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// What the model-call client and the function-invocation hook share: the tracker, step numbers, and the step
/// each requested tool call was given (by call id), so the invocation reports on the step the request opened.
/// </summary>
internal sealed class TrackingSession(ChatStatusTracker tracker, StatusTrackingChatOptions options)
{
    private static readonly ConditionalWeakTable<ChatStatusTracker, StepCounter> Counters = new();
    private readonly ConcurrentDictionary<string, (int Step, ToolCallData Data)> _toolSteps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ToolSentences> _sentences = new(StringComparer.Ordinal);
    private ProviderFacts? _provider;

    public ChatStatusTracker Tracker => tracker;

    public StatusTrackingChatOptions Options => options;

    public FunctionInvokingChatClient? FunctionInvocation { get; set; }

    public DateTimeOffset Now => tracker.Scheduler.Now;

    /// <summary>The next free step of the tracker; shared by every pipeline that reports to it, and back to 1 after a reset.</summary>
    public int NextStep()
    {
        var counter = Counters.GetValue(tracker, static t =>
        {
            var steps = t.GetSummary().Steps;
            return new StepCounter { Generation = t.ResetCount, Last = steps.Count == 0 ? 0 : steps[^1].Step };
        });
        lock (counter)
        {
            var generation = tracker.ResetCount;
            if (generation != counter.Generation)
            {
                counter.Generation = generation;
                counter.Last = 0;
            }

            return ++counter.Last;
        }
    }

    public void RememberToolStep(string callId, int step, ToolCallData data) => _toolSteps[callId] = (step, data);

    /// <summary>The tool's sentences, made once per tool name rather than once per status.</summary>
    public ToolSentences SentencesFor(string toolName) => _sentences.GetOrAdd(toolName, static name => new ToolSentences(name));

    /// <summary>The provider facts of the model client, read once (they do not change).</summary>
    public (bool IsOpenAI, string? DefaultModelId) Provider(IChatClient inner)
    {
        // A reference is written atomically: a racing first call at worst reads the metadata twice.
        var facts = _provider ??= ProviderFacts.Of(inner.GetService<ChatClientMetadata>());
        return (facts.IsOpenAI, facts.DefaultModelId);
    }

    private sealed record ProviderFacts(bool IsOpenAI, string? DefaultModelId)
    {
        public static ProviderFacts Of(ChatClientMetadata? metadata) =>
            new(metadata?.ProviderName?.Contains("openai", StringComparison.OrdinalIgnoreCase) == true, metadata?.DefaultModelId);
    }

    private sealed class StepCounter
    {
        public long Generation { get; set; }

        public int Last { get; set; }
    }

    public ToolCallData ToolData(FunctionCallContent call) =>
        new(call.CallId, call.Name, options.ArgumentFilter(call.Name, call.Arguments));


    /// <summary>
    /// Before a model call: a tool call still waiting (never invoked) whose result is already in the conversation was
    /// answered without running, which the function-invocation client does when its approval was rejected. Its
    /// step is reported Failed, so it does not stay Pending for ever.
    /// </summary>
    public void SettleAnsweredWithoutInvocation(IEnumerable<ChatMessage> messages)
    {
        if (_toolSteps.IsEmpty)
        {
            return;
        }

        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionResultContent result && _toolSteps.TryRemove(result.CallId, out var waiting))
                {
                    tracker.Failed(waiting.Step, ChatStatusMessages.ToolFailed(waiting.Data.ToolName, "not run: its approval was rejected"), waiting.Data);
                }
            }
        }
    }

    /// <summary>The function-invocation hook: reports Executing, then Completed or Failed, around each invocation.</summary>
    public async ValueTask<object?> InvokeAsync(
        FunctionInvocationContext context,
        CancellationToken cancellationToken,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next)
    {
        var call = context.CallContent;
        var name = context.Function.Name;
        var (step, data) = _toolSteps.TryRemove(call.CallId, out var known) ? known : (NextStep(), ToolData(call));
        var sentences = SentencesFor(name);

        // The Executing status's own timestamp is the start: one clock read fewer per tool call.
        var started = tracker.Executing(step, sentences.Executing, data).Timestamp;
        try
        {
            var result = next is null
                ? await context.Function.InvokeAsync(context.Arguments, cancellationToken).ConfigureAwait(false)
                : await next(context, cancellationToken).ConfigureAwait(false);
            tracker.Completed(step, sentences.Completed, data with { Duration = Now - started });
            return result;
        }
        catch (Exception exception)
        {
            tracker.Failed(step, ChatStatusMessages.ToolFailed(name, ReasonOf(exception, cancellationToken)), exception, data with { Duration = Now - started });
            throw;
        }
    }

    /// <summary>What a failure says: "cancelled" when the caller cancelled, else the exception's message.</summary>
    public static string ReasonOf(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : exception.Message;

    /// <summary>Finds a tool the function-invocation client can see: in the request's tools or its additional tools.</summary>
    public AITool? FindTool(string name, ChatOptions? chatOptions) =>
        Find(chatOptions?.Tools, name) ?? Find(FunctionInvocation?.AdditionalTools, name);

    private static AITool? Find(IList<AITool>? tools, string name)
    {
        if (tools is null)
        {
            return null;
        }

        for (var i = 0; i < tools.Count; i++)
        {
            if (string.Equals(tools[i].Name, name, StringComparison.Ordinal))
            {
                return tools[i];
            }
        }

        return null;
    }
}
