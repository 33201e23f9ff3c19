using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Rx.StatusTracking.AI.Tests.Web;

/// <summary>Requests to a started <see cref="WebApplication"/> on its loopback address.</summary>
internal static class LocalWeb
{
    /// <summary>POSTs with no body and returns the status and the body's text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostAsync(WebApplication app, string relative)
    {
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsync(new Uri(relative, UriKind.Relative), content: null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
