using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// The model calls of one agent run whose tool calls the function middleware times: the function-invocation client
/// calls the model, then runs the tool calls the answer asked for, then calls the model again with their results. So a
/// model call starts when the run starts (or when a batch of tool calls has ended) and ends when the first tool call
/// of its answer starts, or with the run.
/// </summary>
internal sealed class RunModelCalls
{
    private readonly StepReporter _reporter;
    private readonly StepParent _parent;
    private readonly string? _modelId;
    private readonly Lock _gate = new();
    private TrackedStep? _open;
    private ModelCallData? _data;
    private int _calls;
    private int _toolCallsEnded;

    /// <param name="reporter">The run's tracker.</param>
    /// <param name="parent">The run's step.</param>
    /// <param name="modelId">The model the agent's chat client names, if it names one.</param>
    public RunModelCalls(StepReporter reporter, StepParent parent, string? modelId)
    {
        _reporter = reporter;
        _parent = parent;
        _modelId = modelId;
    }

    /// <summary>
    /// The run starts with a model call, unless its request approves tool calls: the function-invocation client runs
    /// those first and calls the model with their results when they have ended. A request that answers approvals
    /// (approved or rejected) sends results to the model.
    /// </summary>
    public void Begin(IEnumerable<ChatMessage> request)
    {
        var answers = request.SelectMany(static m => m.Contents).OfType<ToolApprovalResponseContent>().ToList();
        if (!answers.Any(static a => a.Approved))
        {
            lock (_gate)
            {
                Open(sendsResults: answers.Count > 0);
            }
        }
    }

    /// <summary>A tool call starts: the model call that asked for it (and for <paramref name="toolCalls"/> in all) has answered.</summary>
    public void ToolCallStarting(int toolCalls)
    {
        lock (_gate)
        {
            if (Close(StatusState.Completed, ChatStatusMessages.ReceivedResponse, toolCalls, null))
            {
                _toolCallsEnded = 0;
            }
        }
    }

    /// <summary>
    /// A tool call ended: when it is the last of the <paramref name="toolCalls"/> of its batch, the next model call
    /// starts with their results, unless the call ended the run's loop (<c>FunctionInvocationContext.Terminate</c>).
    /// </summary>
    public void ToolCallEnded(int toolCalls, bool terminate)
    {
        lock (_gate)
        {
            if (++_toolCallsEnded >= toolCalls && !terminate && _open is null)
            {
                Open(sendsResults: true);
            }
        }
    }

    /// <summary>
    /// The model answered with tool calls the agent returns to its caller (approval requests): its call is complete,
    /// and none follows in this run.
    /// </summary>
    public void ReturnedToCaller()
    {
        lock (_gate)
        {
            Close(StatusState.Completed, ChatStatusMessages.ReceivedResponse, 0, null);
        }
    }

    /// <summary>Adds usage a streamed update reported to the open model call (the response it belongs to).</summary>
    public void AddUsage(UsageDetails usage)
    {
        lock (_gate)
        {
            if (_data is { } data && _open is not null)
            {
                _data = data with
                {
                    InputTokens = Sum(data.InputTokens, usage.InputTokenCount),
                    OutputTokens = Sum(data.OutputTokens, usage.OutputTokenCount),
                    TotalTokens = Sum(data.TotalTokens, usage.TotalTokenCount),
                };
            }
        }
    }

    /// <summary>The run ended with an answer: the open model call gave it.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            Close(StatusState.Completed, ChatStatusMessages.ReceivedFinal, 0, null);
        }
    }

    /// <summary>The run failed, was cancelled or abandoned: so did its open model call.</summary>
    public void Fail(Exception exception, string reason)
    {
        lock (_gate)
        {
            Close(StatusState.Failed, ChatStatusMessages.ModelFailed(reason), 0, exception);
        }
    }

    /// <summary>Adds a usage count to a total; a count the model did not report leaves the total as it is.</summary>
    public static long? Sum(long? total, long? more) => more is null ? total : (total ?? 0) + more;

    // Opens and closes report inside the gate: a model call's end and the next one's start keep their order against
    // concurrent tool calls.
    private void Open(bool sendsResults)
    {
        _open = TrackedStep.Reserve(_reporter, _parent);
        _data = new ModelCallData(_modelId, ++_calls);
        _open.Report(StatusState.Executing, sendsResults ? ChatStatusMessages.SendingToolResults : ChatStatusMessages.WaitingForModel(_modelId), _data);
    }

    private bool Close(StatusState state, string sentence, int toolCalls, Exception? exception)
    {
        if (_open is not { } step || _data is not { } data)
        {
            return false;
        }

        _open = null;
        step.Report(state, sentence, data with { Duration = step.Elapsed, ToolCalls = toolCalls }, exception);
        return true;
    }
}
