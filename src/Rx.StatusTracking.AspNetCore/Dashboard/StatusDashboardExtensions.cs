using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Rx.StatusTracking.AspNetCore;

/// <summary>Maps the live status dashboard: one static page (HTML, CSS, JavaScript embedded in this assembly).</summary>
public static class StatusDashboardExtensions
{
    // No inline script or style and nothing from elsewhere: the page is safe to serve next to an app's own pages.
    private const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Maps the dashboard page at <paramref name="prefix"/>: it lists the operations of the endpoints mapped at
    /// <paramref name="statusPrefix"/> (see <see cref="StatusEndpointRouteBuilderExtensions.MapStatusEndpoints"/>) and
    /// follows one live with <c>EventSource</c> (which reconnects by itself with <c>Last-Event-ID</c>): its steps
    /// with states in colour, a progress bar, failures with their messages, and the summary at the end.
    /// </summary>
    /// <param name="endpoints">The app or route group.</param>
    /// <param name="prefix">Where the page is served (default <c>/</c>).</param>
    /// <param name="statusPrefix">Where the status endpoints are mapped (default <c>/status</c>).</param>
    /// <returns>The route group, for conventions such as <c>RequireAuthorization()</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="ArgumentException">A prefix is blank or does not start with <c>/</c>.</exception>
    public static RouteGroupBuilder MapStatusDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/", string statusPrefix = "/status")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RequireRootedPath(prefix, nameof(prefix));
        RequireRootedPath(statusPrefix, nameof(statusPrefix));

        var page = Resource("index.html").Replace("__STATUS_PREFIX__", WebUtility.HtmlEncode(statusPrefix), StringComparison.Ordinal);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", Serve(page, "text/html; charset=utf-8"));
        group.MapGet("/dashboard.js", Serve(Resource("dashboard.js"), "text/javascript; charset=utf-8"));
        group.MapGet("/dashboard.css", Serve(Resource("dashboard.css"), "text/css; charset=utf-8"));
        group.MapGet("/favicon.svg", Serve(Resource("favicon.svg"), "image/svg+xml"));
        return group;
    }

    private static void RequireRootedPath(string path, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, name);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"A path prefix must start with '/'; it was '{path}'.", name);
        }
    }

    private static RequestDelegate Serve(string content, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return async context =>
        {
            context.Response.ContentType = contentType;
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        };
    }

    private static string Resource(string name)
    {
        using var stream = typeof(StatusDashboardExtensions).Assembly.GetManifestResourceStream($"Dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard resource '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
