namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The request running on the current flow, handed from the outermost client down to the clients below it and to the
/// function invocations the function-invocation client starts: all of them run inside that request's flow.
/// </summary>
/// <remarks>An <see cref="AsyncLocal{T}"/> per built pipeline, so two pipelines nested in one flow never see each other's request.</remarks>
internal sealed class RequestFlow
{
    private readonly AsyncLocal<TrackedRequest?> _current = new();

    /// <summary>The request running on this flow; <see langword="null"/> when it is not tracked.</summary>
    public TrackedRequest? Current => _current.Value;

    /// <summary>Makes <paramref name="request"/> current for the rest of this flow (an async method's caller does not see it).</summary>
    public void Enter(TrackedRequest? request) => _current.Value = request;
}
