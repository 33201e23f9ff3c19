using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AI;

/// <summary>
/// What one built pipeline's clients share: the settings, the way each request finds its tracker, one
/// <see cref="TrackingSession"/> per tracker, and facts that never change (tool sentences, provider).
/// </summary>
/// <remarks>
/// With one fixed tracker every request reports to the same session; with a selector, each request picks its
/// session. The outermost client begins each request on its session and hands it down through an
/// <see cref="AsyncLocal{T}"/>: the clients below, and the function invocations the function-invocation client starts,
/// all run inside that request's flow.
/// </remarks>
internal sealed partial class TrackingPipeline
{
    private readonly TrackingSession? _fixed;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?>? _selector;
    private readonly AsyncLocal<TrackedRequest?> _current = new();
    private readonly ConditionalWeakTable<ChatStatusTracker, TrackingSession> _sessions = new();
    private const int MaxCachedTools = 256;

    private readonly ConcurrentDictionary<string, ToolSentences> _sentences = new(StringComparer.Ordinal);
    private int _cachedTools;
    private readonly StatusTrackingChatOptions _options;
    private readonly ILogger _logger;
    private ProviderFacts? _provider;

    private TrackingPipeline(StatusTrackingChatOptions options, ILogger logger, ChatStatusTracker? tracker, Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?>? selector)
    {
        _options = options;
        _logger = logger;
        _selector = selector;
        _fixed = tracker is null ? null : new TrackingSession(this, tracker);
    }

    /// <summary>The function-invocation client of this pipeline (its additional tools count as known tools).</summary>
    public FunctionInvokingChatClient? FunctionInvocation { get; set; }

    /// <summary>The request running on this flow; <see langword="null"/> when it is not tracked.</summary>
    public TrackedRequest? Current => _current.Value;

    /// <summary>How many model calls of a request may ask for tools that run (the function-invocation client's limit).</summary>
    public int MaximumIterations => FunctionInvocation?.MaximumIterationsPerRequest ?? int.MaxValue;

    public static TrackingPipeline ForTracker(ChatStatusTracker tracker, StatusTrackingChatOptions options, ILogger logger) =>
        new(options, logger, tracker, selector: null);

    public static TrackingPipeline ForSelector(Func<IEnumerable<ChatMessage>, ChatOptions?, ChatStatusTracker?> selector, StatusTrackingChatOptions options, ILogger logger) =>
        new(options, logger, tracker: null, selector);

    /// <summary>
    /// Begins a request on its session: the fixed tracker's, or the one the selector picks (asked once per request);
    /// <see langword="null"/> leaves the request untracked.
    /// </summary>
    public TrackedRequest? Begin(ref IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var session = _fixed ?? Select(messages, options);
        return session?.Begin(ref messages);
    }

    /// <summary>Makes <paramref name="request"/> current for the rest of this flow (an async method's caller does not see it).</summary>
    public void Enter(TrackedRequest? request) => _current.Value = request;

    /// <summary>The sentences of a tool this pipeline has found before, if any.</summary>
    public bool TryGetSentences(string toolName, [NotNullWhen(true)] out ToolSentences? sentences) => _sentences.TryGetValue(toolName, out sentences);

    /// <summary>A tool's sentences, cached for the first <see cref="MaxCachedTools"/> names (a model may send any name).</summary>
    public ToolSentences SentencesFor(string toolName)
    {
        if (_sentences.TryGetValue(toolName, out var sentences))
        {
            return sentences;
        }

        sentences = new ToolSentences(toolName);
        if (Volatile.Read(ref _cachedTools) < MaxCachedTools && _sentences.TryAdd(toolName, sentences))
        {
            Interlocked.Increment(ref _cachedTools);
        }

        return sentences;
    }

    /// <summary>The provider facts of the model client, read once (they do not change).</summary>
    public (bool IsOpenAI, string? DefaultModelId) Provider(IChatClient inner)
    {
        // A reference is written atomically: a racing first call at worst reads the metadata twice.
        var facts = _provider ??= ProviderFacts.Of(inner.GetService<ChatClientMetadata>());
        return (facts.IsOpenAI, facts.DefaultModelId);
    }

    /// <summary>
    /// A tool call's data. Its arguments are a copy of what the filter returned (the built-in filters return one), so a
    /// status never changes when the model's arguments do. A value that cannot be copied is recorded as a marker (see
    /// <see cref="ArgumentCopy"/>); when the filter throws, or the arguments dictionary itself cannot be read, no
    /// arguments are recorded (and it is logged, each under its own event), since they may hold secrets.
    /// </summary>
    public ToolCallData ToolData(FunctionCallContent call)
    {
        IReadOnlyDictionary<string, object?>? arguments;
        try
        {
            arguments = ArgumentCopy.Of(_options.ArgumentFilter(call.Name, call.Arguments), ArgumentRedaction.None);
        }
        catch (UnreadableArgumentsException unreadable)
        {
            LogArgumentsUnreadable(_logger, call.Name, unreadable.InnerException!.GetType().Name, unreadable.InnerException);
            arguments = null;
        }
        catch (Exception filterFailure)
        {
            LogArgumentFilterFailed(_logger, call.Name, filterFailure);
            arguments = null;
        }

        return new(call.CallId, call.Name, arguments);
    }

    /// <summary>Finds a tool the function-invocation client can see: in the request's tools or its additional tools.</summary>
    public AITool? FindTool(string name, ChatOptions? chatOptions) =>
        Find(chatOptions?.Tools, name) ?? Find(FunctionInvocation?.AdditionalTools, name);

    private TrackingSession? Select(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (_selector!(messages, options) is not { } tracker)
        {
            return null;
        }

        return _sessions.TryGetValue(tracker, out var session) ? session : _sessions.GetValue(tracker, t => new TrackingSession(this, t));
    }

    /// <summary>A report the tracker refused by throwing (a strict tracker); the chat goes on, so it is only logged.</summary>
    public void ReportRefused(int step, StatusState state, Exception refusal) => LogReportRefused(_logger, step, state, refusal.GetType().Name, refusal.Message, refusal);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The tracker refused the {State} status of step {Step} ({ExceptionType}: {Reason}); the chat goes on without it.")]
    private static partial void LogReportRefused(ILogger logger, int step, StatusState state, string exceptionType, string reason, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The argument filter threw for a call of the {ToolName} tool; its arguments were not recorded.")]
    private static partial void LogArgumentFilterFailed(ILogger logger, string toolName, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The arguments of a call of the {ToolName} tool could not be read ({ExceptionType}); none were recorded.")]
    private static partial void LogArgumentsUnreadable(ILogger logger, string toolName, string exceptionType, Exception exception);

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

    private sealed record ProviderFacts(bool IsOpenAI, string? DefaultModelId)
    {
        public static ProviderFacts Of(ChatClientMetadata? metadata) =>
            new(metadata?.ProviderName?.Contains("openai", StringComparison.OrdinalIgnoreCase) == true, metadata?.DefaultModelId);
    }
}
