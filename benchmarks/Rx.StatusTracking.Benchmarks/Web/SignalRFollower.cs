using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// A SignalR .NET client (WebSockets, no negotiation round trip): joins the operation's group; each <c>status</c>
/// message is one status's JSON, <c>complete</c> is the completion.
/// </summary>
internal static class SignalRFollower
{
    /// <summary>Connects and joins; the returned task's task completes at the completion or when <paramref name="stop"/> fires.</summary>
    public static async Task<Task> ConnectAsync(Uri hubUri, string operationId, FollowerTally tally, CancellationToken stop)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUri, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        var utf8 = new byte[4 * 1024];
        connection.On<string>("status", json =>
        {
            var now = DateTimeOffset.UtcNow;
            if (Encoding.UTF8.GetMaxByteCount(json.Length) > utf8.Length)
            {
                utf8 = new byte[Encoding.UTF8.GetMaxByteCount(json.Length)];
            }

            tally.Receive(utf8.AsSpan(0, Encoding.UTF8.GetBytes(json, utf8)), now);
        });
        connection.On("complete", tally.Complete);
        connection.Closed += _ =>
        {
            tally.End();
            return Task.CompletedTask;
        };
        await connection.StartAsync(stop);
        await connection.InvokeAsync(nameof(StatusGroupHub.Follow), operationId, stop);
        return WaitAsync(connection, tally, stop);
    }

    private static async Task WaitAsync(HubConnection connection, FollowerTally tally, CancellationToken stop)
    {
        try
        {
            await tally.Ended.Task.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await connection.DisposeAsync();
            tally.End();
        }
    }
}
