using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AI;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// One tracked agent run: its step, the tool calls it reports as children, and the token usage the model reported.
/// </summary>
internal sealed class AgentRun
{
    private const string ReturnedReason = "not run: the agent returned it to the caller";

    private readonly StepReporter _reporter;
    private readonly AIAgent _agent;
    private readonly TrackedStep _step;
    private readonly StepParent _asParent;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TrackedStep Step, ToolCallData Data)> _openCalls = new(StringComparer.Ordinal);
    private long? _inputTokens;
    private long? _outputTokens;
    private long? _totalTokens;
    private int _toolCalls;
    private WorkflowRun? _workflow;
    private RunModelCalls? _modelCalls;

    private AgentRun(StepReporter reporter, AIAgent agent, StepParent? parent)
    {
        _reporter = reporter;
        _agent = agent;
        _step = TrackedStep.Reserve(reporter, parent);
        _asParent = _step.AsParent();
    }

    /// <summary>The ambient step of code running inside this run (the model calls and tool calls).</summary>
    public AmbientStep Ambient => new(this, _asParent);

    /// <summary>
    /// Reserves the run's step, a child of the ambient step (a tool call running this agent), and reports it Executing;
    /// ends the waiting calls that <paramref name="request"/> rejects; and, when <paramref name="timesModelCalls"/>
    /// (the function middleware times the tool calls, so the model calls between them are known), starts the first
    /// model call.
    /// </summary>
    public static AgentRun Begin(StepReporter reporter, AIAgent agent, IEnumerable<ChatMessage> request, bool timesModelCalls)
    {
        var run = new AgentRun(reporter, agent, AmbientStep.Current?.Parent);
        run._step.Report(StatusState.Executing, AgentStatusMessages.AgentWorking(agent.Name), run.Data());
        run.ObserveRequest(request);
        if (timesModelCalls)
        {
            run._modelCalls = new RunModelCalls(reporter, run._asParent, agent.GetService<ChatClientMetadata>()?.DefaultModelId);
            run._modelCalls.Begin(request);
        }

        return run;
    }

    /// <summary>Reports a tool call the function middleware invokes, around <paramref name="next"/>, with exact start and end times.</summary>
    public async ValueTask<object?> InvokeToolAsync(
        FunctionInvocationContext context,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>> next,
        CancellationToken cancellationToken)
    {
        var name = context.Function.Name;
        var (step, data) = ApprovalWaits.Of(_reporter.Tracker).TryTake(context.CallContent.CallId, out var approved)
            ? approved
            : (null, new ToolCallData(context.CallContent.CallId, name, ArgumentsOf(name, context.Arguments)));
        _modelCalls?.ToolCallStarting(context.FunctionCount);
        step = OpenTool(data, step);
        var outer = AmbientStep.Current;
        AmbientStep.Current = new(this, step.AsParent());
        try
        {
            var result = await next(context, cancellationToken).ConfigureAwait(false);
            step.Report(StatusState.Completed, ChatStatusMessages.ToolCompleted(name), data with { Duration = step.Elapsed });
            _modelCalls?.ToolCallEnded(context.FunctionCount, context.Terminate);
            return result;
        }
        catch (Exception exception)
        {
            var sentence = ChatStatusMessages.ToolFailed(name, FailureReason.Of(exception, cancellationToken));
            step.Report(StatusState.Failed, sentence, data with { Duration = step.Elapsed }, exception);

            // The function-invocation client sends a failure to the model as the call's result, but a cancellation ends the run.
            _modelCalls?.ToolCallEnded(context.FunctionCount, context.Terminate || cancellationToken.IsCancellationRequested);
            throw;
        }
        finally
        {
            AmbientStep.Current = outer;
        }
    }

    /// <summary>
    /// Reads usage from an update and, when <paramref name="toolsFromContents"/>, tool calls and results. A streamed
    /// update (<paramref name="streamed"/>) arrives while the model call it comes from is open, so its usage is that
    /// call's too; a whole response's contents arrive after all its model calls.
    /// </summary>
    public void Observe(IEnumerable<AIContent> contents, bool toolsFromContents, bool streamed)
    {
        foreach (var content in contents)
        {
            switch (content)
            {
                case UsageContent usage:
                    AddUsage(usage.Details);
                    if (streamed)
                    {
                        _modelCalls?.AddUsage(usage.Details);
                    }

                    break;
                case FunctionCallContent call when toolsFromContents:
                    var data = new ToolCallData(call.CallId, call.Name, ArgumentsOf(call.Name, call.Arguments));
                    var step = OpenTool(data, null);
                    lock (_gate)
                    {
                        _openCalls[call.CallId] = (step, data);
                    }

                    break;
                case FunctionResultContent result when toolsFromContents:
                    CloseTool(result);
                    break;
                case ToolApprovalRequestContent { ToolCall: FunctionCallContent asked }:
                    _modelCalls?.ReturnedToCaller();
                    AwaitApproval(asked);
                    break;
            }
        }
    }

    /// <summary>
    /// Reads a streamed update's raw representation: a workflow hosted as an agent (<c>AsAIAgent</c>) hands each of its
    /// events through it, and they become a workflow step under this run.
    /// </summary>
    public void ObserveRaw(object? raw)
    {
        if (raw is WorkflowEvent workflowEvent)
        {
            (_workflow ??= new WorkflowRun(_reporter, _agent.Name)).Observe(workflowEvent);
        }
    }

    public void AddUsage(UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        lock (_gate)
        {
            _inputTokens = RunModelCalls.Sum(_inputTokens, usage.InputTokenCount);
            _outputTokens = RunModelCalls.Sum(_outputTokens, usage.OutputTokenCount);
            _totalTokens = RunModelCalls.Sum(_totalTokens, usage.TotalTokenCount);
        }
    }

    public void Complete()
    {
        EndOpenCalls(ReturnedReason);
        _modelCalls?.Complete();
        _workflow?.End();
        _step.Report(StatusState.Completed, AgentStatusMessages.AgentCompleted(_agent.Name), Data() with { Duration = _step.Elapsed });
    }

    public void Fail(Exception exception, CancellationToken cancellationToken)
    {
        var reason = FailureReason.Of(exception, cancellationToken);
        EndOpenCalls("not run: the agent failed");
        _modelCalls?.Fail(exception, reason);
        _workflow?.Fail(exception);
        _step.Report(StatusState.Failed, AgentStatusMessages.AgentFailed(_agent.Name, reason), Data() with { Duration = _step.Elapsed }, exception);
    }

    /// <summary>Ends the waiting calls that <paramref name="messages"/> (the run's request) reject.</summary>
    public void ObserveRequest(IEnumerable<ChatMessage> messages)
    {
        foreach (var rejected in messages.SelectMany(static m => m.Contents).OfType<ToolApprovalResponseContent>().Where(static r => !r.Approved))
        {
            if (ApprovalWaits.Of(_reporter.Tracker).TryTake(rejected.ToolCall.CallId, out var waiting))
            {
                var sentence = ChatStatusMessages.ToolFailed(waiting.Data.ToolName, "not run: its approval was rejected");
                waiting.Step.Report(StatusState.Failed, sentence, waiting.Data);
            }
        }
    }

    // A call that waited for approval runs on the step that waited; any other gets a step of its own.
    private TrackedStep OpenTool(ToolCallData data, TrackedStep? waited)
    {
        Interlocked.Increment(ref _toolCalls);
        var step = waited ?? TrackedStep.Reserve(_reporter, _asParent);
        step.Report(StatusState.Executing, ChatStatusMessages.ExecutingTool(data.ToolName), data);
        return step;
    }

    private void AwaitApproval(FunctionCallContent asked)
    {
        var data = new ToolCallData(asked.CallId, asked.Name, ArgumentsOf(asked.Name, asked.Arguments));
        var step = TrackedStep.Reserve(_reporter, _asParent);

        step.Report(StatusState.AwaitingInput, ChatStatusMessages.ToolAwaitingApproval(asked.Name), data);
        ApprovalWaits.Of(_reporter.Tracker).Add(step, data);
    }

    private void CloseTool(FunctionResultContent result)
    {
        (TrackedStep Step, ToolCallData Data) call;
        lock (_gate)
        {
            if (!_openCalls.Remove(result.CallId, out call))
            {
                return; // a result of a call made before this run (an approval answered in a later run)
            }
        }

        var data = call.Data with { Duration = call.Step.Elapsed };
        if (result.Exception is { } error)
        {
            call.Step.Report(StatusState.Failed, ChatStatusMessages.ToolFailed(data.ToolName, error.Message), data, error);
        }
        else
        {
            call.Step.Report(StatusState.Completed, ChatStatusMessages.ToolCompleted(data.ToolName), data);
        }
    }

    // No call is left running: a call whose result never came back in the run was not run by it.
    private void EndOpenCalls(string reason)
    {
        List<(TrackedStep Step, ToolCallData Data)> open;
        lock (_gate)
        {
            open = [.. _openCalls.Values];
            _openCalls.Clear();
        }

        foreach (var (step, data) in open)
        {
            step.Report(StatusState.Failed, ChatStatusMessages.ToolFailed(data.ToolName, reason), data with { Duration = step.Elapsed });
        }
    }

    private AgentRunData Data()
    {
        lock (_gate)
        {
            return new(_agent.Id, _agent.Name, null, _inputTokens, _outputTokens, _totalTokens, _toolCalls);
        }
    }

    // The AI package's default filter: secrets redacted, a copy recorded. A filter that throws records no arguments.
    private static IReadOnlyDictionary<string, object?>? ArgumentsOf(string name, IDictionary<string, object?>? arguments)
    {
        try
        {
            return StatusTrackingChatOptions.DefaultArgumentFilter(name, arguments);
        }
        catch (Exception)
        {
            return null;
        }
    }
}
