using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI;

/// <summary>
/// The outermost client when each request picks its tracker: asks the selector once per request and makes the
/// answer current for everything the request runs below (model calls, function invocations).
/// </summary>
internal sealed class TrackerSelectingChatClient(IChatClient innerClient, TrackingPipeline pipeline) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Set inside an async method: the caller's flow never sees it, even when the call completes synchronously.
        pipeline.Enter(pipeline.Select(messages, options));
        return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var session = pipeline.Select(messages, options);
        pipeline.Enter(session);
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                // Each MoveNextAsync of this iterator runs on its caller's flow, which does not carry the session: the
                // next model call or function invocation may start in the inner MoveNextAsync, so enter it every time.
                pipeline.Enter(session);
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                yield return updates.Current;
            }
        }
        finally
        {
            pipeline.Enter(session);
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }
}
