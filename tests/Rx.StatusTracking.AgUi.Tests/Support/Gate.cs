using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>A model stream that sends its first updates, then waits for the test to open the gate before the rest.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public async IAsyncEnumerable<ChatResponseUpdate> Stream(
        IEnumerable<ChatResponseUpdate> before,
        IEnumerable<ChatResponseUpdate> after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var update in before)
        {
            await Task.Yield();
            yield return update;
        }

        await _open.Task.WaitAsync(cancellationToken);
        foreach (var update in after)
        {
            yield return update;
        }
    }

    /// <summary>"It is " before the gate, "sunny." after it, as message <c>msg-1</c>.</summary>
    public ScriptedChatClient Answer() => new ScriptedChatClient().ThenStream(cancellationToken => Stream(
        [new ChatResponseUpdate(ChatRole.Assistant, "It is ") { MessageId = "msg-1" }],
        [new ChatResponseUpdate(ChatRole.Assistant, "sunny.") { MessageId = "msg-1" }],
        cancellationToken));
}
