using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The outermost client of the pipeline: begins each request on its session (the fixed tracker's, or the one the
/// selector picks), makes it current for everything the request runs below (model calls, function invocations), and
/// ends it when the request returns, throws or is abandoned, so no call it queued is left queued.
/// </summary>
internal sealed class TrackedRequestChatClient(IChatClient innerClient, SessionSelector sessions, RequestFlow flow) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Set inside an async method: the caller's flow never sees it, even when the call completes synchronously.
        var request = sessions.Select(messages, options)?.Begin(ref messages);
        flow.Enter(request);
        if (request is null)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            request.Threw(exception, cancellationToken);
            throw;
        }

        request.Returned();
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = sessions.Select(messages, options)?.Begin(ref messages);
        flow.Enter(request);
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var ended = false;
        try
        {
            while (true)
            {
                // Each MoveNextAsync of this iterator runs on its caller's flow, which does not carry the request: the
                // next model call or function invocation may start in the inner MoveNextAsync, so enter it every time.
                flow.Enter(request);
                bool more;
                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    ended = true;
                    request?.Threw(exception, cancellationToken);
                    throw;
                }

                if (!more)
                {
                    break;
                }

                yield return updates.Current;
            }

            ended = true;
            request?.Returned();
        }
        finally
        {
            flow.Enter(request);
            try
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                // After the disposal, which closes a model call still streaming: the caller stopped reading.
                if (!ended)
                {
                    request?.Abandoned();
                }
            }
        }
    }
}
