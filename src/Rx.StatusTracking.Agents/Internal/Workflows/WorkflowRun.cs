using System.Reflection;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// One workflow run as its events arrive: the workflow's step, a child step per executor invocation, a waiting step per
/// request for input.
/// </summary>
internal sealed class WorkflowRun
{
    private readonly StepReporter _reporter;
    private readonly string? _name;
    private readonly TrackedStep _step;
    private readonly StepParent _asParent;
    private readonly Dictionary<string, List<ExecutorInvocation>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TrackedStep Step, WorkflowRequestData Data)> _requests = new(StringComparer.Ordinal);

    public WorkflowRun(StepReporter reporter, string? name)
    {
        _reporter = reporter;
        _name = name;
        _step = TrackedStep.Reserve(reporter, AmbientStep.Current?.Parent);
        _asParent = _step.AsParent();
        _step.Report(StatusState.Executing, AgentStatusMessages.WorkflowRunning(name), null);
    }

    public bool HasEnded => _step.HasEnded;

    public void Observe(WorkflowEvent workflowEvent)
    {
        switch (workflowEvent)
        {
            case ExecutorInvokedEvent invoked:
                Invoked(invoked);
                break;
            case ExecutorCompletedEvent completed:
                Completed(completed);
                break;
            case ExecutorFailedEvent failed:
                ExecutorFailed(failed);
                break;
            case ExecutorEvent other:
                Reveal(other.ExecutorId);
                break;
            case WorkflowOutputEvent output:
                Reveal(output.ExecutorId);
                break;
            case RequestInfoEvent request:
                AwaitInput(request.Request);
                break;
            case WorkflowErrorEvent error:
                Fail(error.Exception ?? error.Data as Exception);
                break;
        }
    }

    /// <summary>The stream ended: the run is over unless a request for input still waits for its answer.</summary>
    public void End()
    {
        if (!_step.HasEnded && _requests.Count == 0)
        {
            _step.Report(StatusState.Completed, AgentStatusMessages.WorkflowCompleted(_name), null);
        }
    }

    /// <summary>The run failed: every invocation still running, and every request still waiting for input, ends with it.</summary>
    public void Fail(Exception? error)
    {
        if (_step.HasEnded)
        {
            return;
        }

        var real = Unwrap(error);
        foreach (var invocation in _running.Values.SelectMany(static list => list).Where(static i => i.Step is { HasEnded: false }))
        {
            invocation.Step!.Report(StatusState.Failed, AgentStatusMessages.ExecutorFailed(invocation.Name, "the workflow failed"), invocation.Data);
        }

        _running.Clear();
        foreach (var (step, data) in _requests.Values)
        {
            step.Report(StatusState.Failed, AgentStatusMessages.InputNotReceived(data.PortId, "the workflow failed"), data);
        }

        _requests.Clear();
        _step.Report(StatusState.Failed, AgentStatusMessages.WorkflowFailed(_name, real?.Message), null, real);
    }

    private void Invoked(ExecutorInvokedEvent invoked)
    {
        if (invoked.Data is ExternalResponse response)
        {
            Answered(response);
        }

        var held = invoked.Data is IEnumerable<ChatMessage> or ChatMessage;
        var invocation = new ExecutorInvocation(invoked.ExecutorId, held);
        if (!_running.TryGetValue(invoked.ExecutorId, out var list))
        {
            _running[invoked.ExecutorId] = list = [];
        }

        list.Add(invocation);
        if (!held)
        {
            invocation.Show(_reporter, _asParent);
        }
    }

    private void Completed(ExecutorCompletedEvent completed)
    {
        if (Take(completed.ExecutorId) is not { } invocation || (invocation.IsHeld && completed.Data is null))
        {
            return; // an empty hand-over of messages (#4846): never shown
        }

        var step = invocation.Show(_reporter, _asParent);
        step.Report(StatusState.Completed, AgentStatusMessages.ExecutorCompleted(invocation.Name), invocation.Data);
    }

    private void ExecutorFailed(ExecutorFailedEvent failed)
    {
        var invocation = Take(failed.ExecutorId) ?? new ExecutorInvocation(failed.ExecutorId, held: false);
        var error = Unwrap(failed.Data);
        var step = invocation.Show(_reporter, _asParent);
        step.Report(StatusState.Failed, AgentStatusMessages.ExecutorFailed(invocation.Name, error?.Message), invocation.Data, error);
    }

    // An executor that outputs or reports an event of its own did work: its held invocation is shown from now on.
    private void Reveal(string? executorId)
    {
        if (executorId is not null && _running.TryGetValue(executorId, out var list) && list.Count > 0 && list[^1].IsHeld)
        {
            list[^1].Show(_reporter, _asParent);
        }
    }

    private void AwaitInput(ExternalRequest request)
    {
        var data = new WorkflowRequestData(request.RequestId, request.PortInfo.PortId);
        var step = TrackedStep.Reserve(_reporter, _asParent);

        step.Report(StatusState.AwaitingInput, AgentStatusMessages.AwaitingInput(data.PortId), data);
        _requests[request.RequestId] = (step, data);
    }

    private void Answered(ExternalResponse response)
    {
        if (_requests.Remove(response.RequestId, out var waiting))
        {
            waiting.Step.Report(StatusState.Completed, AgentStatusMessages.InputReceived(waiting.Data.PortId), waiting.Data);
        }
    }

    // Invocations of one executor end in the order they started.
    private ExecutorInvocation? Take(string executorId)
    {
        if (!_running.TryGetValue(executorId, out var list) || list.Count == 0)
        {
            return null;
        }

        var invocation = list[0];
        list.RemoveAt(0);
        return invocation;
    }

    // The workflow reports a handler's failure wrapped in the reflection call that ran it.
    private static Exception? Unwrap(Exception? error)
    {
        while (error is TargetInvocationException { InnerException: { } inner })
        {
            error = inner;
        }

        return error;
    }
}
