using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// Sits below the function-invocation client, so it sees every call to the model (one per iteration) and the
/// tool calls each response asks for.
/// </summary>
internal sealed class ModelCallStatusChatClient(IChatClient innerClient, RequestFlow flow) : DelegatingChatClient(innerClient)
{
    // Read on the first tracked call, not when the pipeline is built: a pipeline that tracks nothing never asks the model
    // client. A reference is written atomically: a racing first call at worst reads the metadata twice.
    private ModelFacts? _model;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        flow.Current is { } request
            ? GetTrackedResponseAsync(request, messages, options, cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        flow.Current is { } request
            ? GetTrackedStreamingResponseAsync(request, messages, options, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    private ModelFacts Model() => _model ??= ModelFacts.Of(InnerClient.GetService<ChatClientMetadata>());

    private async Task<ChatResponse> GetTrackedResponseAsync(TrackedRequest request, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var call = request.StartModelCall(Model(), messages, options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            call.Fail(exception, cancellationToken);
            throw;
        }

        call.Complete(response, options);
        return response;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetTrackedStreamingResponseAsync(
        TrackedRequest request,
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = request.StartModelCall(Model(), messages, options);
        var contents = new List<AIContent>();
        UsageDetails? usage = null;
        string? modelId = null;
        var closed = false;
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    updates ??= base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    call.Fail(exception, cancellationToken);
                    closed = true;
                    throw;
                }

                if (!more)
                {
                    break;
                }

                var update = updates.Current;
                call.FirstChunk();
                modelId ??= update.ModelId;
                foreach (var content in update.Contents)
                {
                    contents.Add(content);
                    if (content is UsageContent { Details: { } details })
                    {
                        usage = details;
                    }
                }

                yield return update;
            }

            call.Complete(contents, usage, modelId, options);
            closed = true;
        }
        finally
        {
            if (!closed)
            {
                call.Abandon();
            }

            if (updates is not null)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
