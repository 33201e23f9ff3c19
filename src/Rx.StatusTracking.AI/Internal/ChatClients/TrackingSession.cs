using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// One tracker as seen by one built pipeline: its reports, the tool calls waiting to run on it, and the two places that
/// open and run them. Every request of the tracker begins here, so calls that waited for an approval meet their answer.
/// </summary>
internal sealed class TrackingSession
{
    private readonly TrackerReporter _reporter;
    private readonly PendingToolCalls _pending;
    private readonly ToolCallOpener _opener;
    private readonly ToolInvocationHook _invocation;

    public TrackingSession(ChatStatusTracker tracker, TrackingLog log, ArgumentRecorder arguments, ToolSentenceCache sentences, ToolLookup tools)
    {
        _reporter = new TrackerReporter(tracker, log);
        _pending = new PendingToolCalls(_reporter);
        _opener = new ToolCallOpener(_reporter, _pending, arguments, sentences, tools);
        _invocation = new ToolInvocationHook(_reporter, _pending, arguments, sentences);
    }

    /// <summary>
    /// Begins a request. Its approval answers settle the calls that waited for them: a rejected call is failed as not
    /// run, an approved one becomes a call of this request (so it is failed as not run if the request ends first).
    /// </summary>
    /// <param name="messages">The request's messages; made a list when they must be read here, so they are read once.</param>
    public TrackedRequest Begin(ref IEnumerable<ChatMessage> messages)
    {
        var request = new TrackedRequest(_reporter, _pending, _opener, _invocation);
        if (_pending.IsEmpty)
        {
            return request;
        }

        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        messages = list;
        _pending.Answer(list, request);
        return request;
    }
}
