namespace Rx.StatusTracking.Agents;

/// <summary>The <see cref="ChatStatus.Data"/> of a workflow executor invocation's statuses.</summary>
/// <param name="ExecutorId">The executor's id in the workflow, e.g. <c>writer_4499fca7…</c>.</param>
/// <param name="Name">The readable name the sentences use, e.g. <c>writer</c>.</param>
/// <param name="Duration">How long the invocation ran; set on the terminal status.</param>
public sealed record ExecutorRunData(string ExecutorId, string Name, TimeSpan? Duration = null);
