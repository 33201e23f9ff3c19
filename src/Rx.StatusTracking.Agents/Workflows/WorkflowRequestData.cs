namespace Rx.StatusTracking.Agents;

/// <summary>The <see cref="ChatStatus.Data"/> of a step that waits for a workflow's request for input (a <c>RequestInfoEvent</c>).</summary>
/// <param name="RequestId">The request's id, which the answer (<c>ExternalResponse</c>) names.</param>
/// <param name="PortId">The id of the request port that asked.</param>
public sealed record WorkflowRequestData(string RequestId, string PortId);
