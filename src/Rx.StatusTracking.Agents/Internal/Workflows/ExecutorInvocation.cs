namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// One invocation of an executor. An invocation that only hands an agent executor its messages is held back, without a
/// step, until something shows it did work (framework issue #4846: each agent executor logs one or two empty
/// invocations before the one that runs the agent).
/// </summary>
internal sealed class ExecutorInvocation(string executorId, bool held)
{
    public string ExecutorId { get; } = executorId;

    public string Name { get; } = ExecutorNames.Readable(executorId);

    public bool IsHeld { get; private set; } = held;

    /// <summary>The invocation's step once it is shown.</summary>
    public TrackedStep? Step { get; private set; }

    public ExecutorRunData Data => new(ExecutorId, Name, Step?.Elapsed);

    /// <summary>Shows the invocation: reserves its step and reports it Executing.</summary>
    public TrackedStep Show(StepReporter reporter, StepParent parent)
    {
        if (Step is null)
        {
            IsHeld = false;
            Step = TrackedStep.Reserve(reporter, parent);
            Step.Report(StatusState.Executing, AgentStatusMessages.ExecutorRunning(Name), new ExecutorRunData(ExecutorId, Name));
        }

        return Step;
    }
}
