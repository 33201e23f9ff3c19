namespace Rx.StatusTracking.Agents;

/// <summary>
/// The status descriptions of agent runs and workflows, in the style of <see cref="ChatStatusMessages"/> (which has the
/// tool sentences these packages share): readable sentences for people, ready for a UI or a log.
/// </summary>
public static class AgentStatusMessages
{
    /// <summary>An agent run started.</summary>
    /// <param name="agentName">The agent's name; a blank name reads "The agent".</param>
    /// <returns>For example "The agent planner is working."</returns>
    public static string AgentWorking(string? agentName) => $"{Agent(agentName)} is working.";

    /// <summary>An agent run finished.</summary>
    /// <param name="agentName">The agent's name; a blank name reads "The agent".</param>
    /// <returns>For example "The agent planner finished."</returns>
    public static string AgentCompleted(string? agentName) => $"{Agent(agentName)} finished.";

    /// <summary>An agent run failed or was cancelled.</summary>
    /// <param name="agentName">The agent's name; a blank name reads "The agent".</param>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "The agent planner failed: HTTP 429."</returns>
    public static string AgentFailed(string? agentName, string? error) => $"{Agent(agentName)} failed: {Reason(error)}.";

    /// <summary>A workflow run started.</summary>
    /// <param name="workflowName">The workflow's name; a blank name reads "the workflow".</param>
    /// <returns>For example "Running the workflow review."</returns>
    public static string WorkflowRunning(string? workflowName) =>
        Name(workflowName) is { } name ? $"Running the workflow {name}." : "Running the workflow.";

    /// <summary>A workflow run ended with nothing left to do.</summary>
    /// <param name="workflowName">The workflow's name; a blank name reads "The workflow".</param>
    /// <returns>For example "The workflow review finished."</returns>
    public static string WorkflowCompleted(string? workflowName) => $"{Workflow(workflowName)} finished.";

    /// <summary>A workflow run failed.</summary>
    /// <param name="workflowName">The workflow's name; a blank name reads "The workflow".</param>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "The workflow review failed: boom."</returns>
    public static string WorkflowFailed(string? workflowName, string? error) => $"{Workflow(workflowName)} failed: {Reason(error)}.";

    /// <summary>A workflow executor is handling a message.</summary>
    /// <param name="executorName">The executor's readable name; a blank name reads "An executor".</param>
    /// <returns>For example "The writer executor is running."</returns>
    public static string ExecutorRunning(string? executorName) => $"{Executor(executorName)} is running.";

    /// <summary>A workflow executor finished handling a message.</summary>
    /// <param name="executorName">The executor's readable name; a blank name reads "An executor".</param>
    /// <returns>For example "The writer executor finished."</returns>
    public static string ExecutorCompleted(string? executorName) => $"{Executor(executorName)} finished.";

    /// <summary>A workflow executor failed.</summary>
    /// <param name="executorName">The executor's readable name; a blank name reads "An executor".</param>
    /// <param name="error">What went wrong; a blank error reads "no details were given".</param>
    /// <returns>For example "The writer executor failed: boom."</returns>
    public static string ExecutorFailed(string? executorName, string? error) => $"{Executor(executorName)} failed: {Reason(error)}.";

    /// <summary>A workflow asked for input from outside (a <c>RequestInfoEvent</c>) and waits for the answer.</summary>
    /// <param name="portName">The request port's id; a blank id reads as no port.</param>
    /// <returns>For example "Waiting for input on approval."</returns>
    public static string AwaitingInput(string? portName) =>
        Name(portName) is { } name ? $"Waiting for input on {name}." : "Waiting for input.";

    /// <summary>The answer to a workflow's request for input arrived.</summary>
    /// <param name="portName">The request port's id; a blank id reads as no port.</param>
    /// <returns>For example "The input on approval arrived."</returns>
    public static string InputReceived(string? portName) =>
        Name(portName) is { } name ? $"The input on {name} arrived." : "The input arrived.";

    /// <summary>A workflow's request for input was never answered: the workflow ended first.</summary>
    /// <param name="portName">The request port's id; a blank id reads as no port.</param>
    /// <param name="reason">Why no answer can come; a blank reason reads "no details were given".</param>
    /// <returns>For example "No input on approval arrived: the workflow failed."</returns>
    public static string InputNotReceived(string? portName, string? reason) =>
        Name(portName) is { } name ? $"No input on {name} arrived: {Reason(reason)}." : $"No input arrived: {Reason(reason)}.";

    private static string Agent(string? name) => Name(name) is { } n ? $"The agent {n}" : "The agent";

    private static string Workflow(string? name) => Name(name) is { } n ? $"The workflow {n}" : "The workflow";

    private static string Executor(string? name) => Name(name) is { } n ? $"The {n} executor" : "An executor";

    // Reasons end the sentence: a blank one still reads as one, and its own full stop is not doubled.
    private static string Reason(string? error) => string.IsNullOrWhiteSpace(error) ? "no details were given" : error.Trim().TrimEnd('.');

    private static string? Name(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim();
}
