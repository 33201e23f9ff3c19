using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The SignalR baseline's fan-out: each status of the operation serialized once to JSON and sent to the operation's
/// group (<c>Clients.Group(id).SendAsync("status", json)</c>), one group send awaited after the other so order
/// holds, then <c>complete</c>. The queue in front of the sends is unbounded: SignalR itself paces each connection.
/// </summary>
internal sealed class SignalRFanOut : IObserver<ChatStatus>, IDisposable
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly IDisposable _subscription;
    private readonly Task _sending;

    public SignalRFanOut(ChatStatusTracker tracker, IHubContext<StatusGroupHub> hub, string operationId)
    {
        _sending = SendAsync(hub.Clients.Group(operationId), _stop.Token);
        _subscription = tracker.Subscribe(this);
    }

    public void OnNext(ChatStatus status) => _queue.Writer.TryWrite(StatusJson.Serialize(status));

    public void OnCompleted() => _queue.Writer.TryComplete();

    public void OnError(Exception error) => _queue.Writer.TryComplete();

    public void Dispose()
    {
        _subscription.Dispose();
        _stop.Cancel();
        try
        {
            _sending.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task SendAsync(IClientProxy group, CancellationToken stop)
    {
        try
        {
            await foreach (var json in _queue.Reader.ReadAllAsync(stop))
            {
                await group.SendAsync("status", json, stop);
            }

            await group.SendAsync("complete", stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
