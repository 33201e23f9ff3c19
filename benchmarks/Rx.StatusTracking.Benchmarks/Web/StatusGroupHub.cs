using Microsoft.AspNetCore.SignalR;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>The SignalR baseline's hub: a client joins the group named after the operation it follows.</summary>
internal sealed class StatusGroupHub : Hub
{
    /// <summary>Adds the calling connection to the operation's group.</summary>
    public Task Follow(string operationId) => Groups.AddToGroupAsync(Context.ConnectionId, operationId);
}
