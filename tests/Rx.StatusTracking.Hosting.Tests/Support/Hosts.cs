using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.Logging.Tests;

namespace Rx.StatusTracking.Hosting.Tests.Support;

/// <summary>Real hosts for the tests: a generic host, and a web app on Kestrel at 127.0.0.1 with a free port.</summary>
internal static class Hosts
{
    /// <summary>A generic host builder with only the given configuration and a capturing logger.</summary>
    public static HostApplicationBuilder Generic(CapturingLoggerProvider? logs = null, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        Capture(builder.Logging, logs);
        return builder;
    }

    /// <summary>A web app builder listening on 127.0.0.1 with a free port.</summary>
    public static WebApplicationBuilder Web(CapturingLoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Capture(builder.Logging, logs);
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns a client for its address.</summary>
    public static async Task<HttpClient> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static void Capture(ILoggingBuilder logging, CapturingLoggerProvider? logs)
    {
        logging.ClearProviders();
        if (logs is not null)
        {
            logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        }
    }
}
