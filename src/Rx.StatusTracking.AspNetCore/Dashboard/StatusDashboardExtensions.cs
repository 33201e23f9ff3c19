using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;

namespace Rx.StatusTracking.AspNetCore;

/// <summary>Maps the live status dashboard: one static page (HTML, CSS, JavaScript embedded in this assembly).</summary>
public static class StatusDashboardExtensions
{
    // No inline script or style and nothing from elsewhere: the page is safe to serve next to an app's own pages.
    private const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'";

    // The page's assets, each at /{name} under the prefix. The scripts are ES modules importing each other relatively.
    private static readonly (string Name, string ContentType)[] Assets =
    [
        ("dashboard.js", "text/javascript; charset=utf-8"),
        ("dom.js", "text/javascript; charset=utf-8"),
        ("model.js", "text/javascript; charset=utf-8"),
        ("steps.js", "text/javascript; charset=utf-8"),
        ("timeline.js", "text/javascript; charset=utf-8"),
        ("detail.js", "text/javascript; charset=utf-8"),
        ("dashboard.css", "text/css; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
    ];

    /// <summary>
    /// Maps the dashboard page at <paramref name="prefix"/>: it lists the operations of the endpoints mapped at
    /// <paramref name="statusPrefix"/> (see <see cref="StatusEndpointRouteBuilderExtensions.MapStatusEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, StatusHub, string, StatusEndpointOptions?)"/>) and
    /// follows one live with <c>EventSource</c> (which reconnects by itself with <c>Last-Event-ID</c>): a timeline of its
    /// steps on the server's clock (attempts, failures, nested steps), its steps with states in colour, a progress bar,
    /// a detail panel per step (its data and error), failures with their messages, and the summary at the end.
    /// </summary>
    /// <remarks>
    /// The page's URL ends with <c>/</c> (its assets are relative to it): a request for the prefix without it
    /// (<c>/dash</c>) is redirected (302) to <c>/dash/</c>, query string kept. Behind <c>UsePathBase</c>, the page, its
    /// assets and the status endpoints it reads are all under the request's path base.
    /// </remarks>
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

        var group = endpoints.MapGroup(prefix);
        group.MapGet("/", ServePage(Resource("index.html"), new PathString(statusPrefix)));
        foreach (var (name, contentType) in Assets)
        {
            group.MapGet($"/{name}", Serve(Resource(name), contentType));
        }

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

    // The page names its assets relatively (dashboard.css, dashboard.js), so its URL must end with '/': routing also
    // matches the prefix without it, which is redirected. The status endpoints' URL is written per request, under the
    // request's PathBase (an app behind UsePathBase("/tools") serves the page at /tools/... and the endpoints too).
    private static RequestDelegate ServePage(string html, PathString statusPrefix)
    {
        const string Placeholder = "__STATUS_PREFIX__";
        var at = html.IndexOf(Placeholder, StringComparison.Ordinal);
        var head = Encoding.UTF8.GetBytes(html[..at]);
        var tail = Encoding.UTF8.GetBytes(html[(at + Placeholder.Length)..]);
        return async context =>
        {
            var request = context.Request;
            if (request.Path.Value?.EndsWith('/') != true)
            {
                context.Response.Redirect(UriHelper.BuildRelative(request.PathBase, request.Path.Add(new PathString("/")), request.QueryString));
                return;
            }

            var statusUrl = Encoding.UTF8.GetBytes(WebUtility.HtmlEncode(request.PathBase.Add(statusPrefix).ToUriComponent()));
            Headers(context.Response, "text/html; charset=utf-8");
            await context.Response.Body.WriteAsync(head, context.RequestAborted);
            await context.Response.Body.WriteAsync(statusUrl, context.RequestAborted);
            await context.Response.Body.WriteAsync(tail, context.RequestAborted);
        };
    }

    private static RequestDelegate Serve(string content, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return async context =>
        {
            Headers(context.Response, contentType);
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        };
    }

    private static void Headers(HttpResponse response, string contentType)
    {
        response.ContentType = contentType;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
    }

    private static string Resource(string name)
    {
        using var stream = typeof(StatusDashboardExtensions).Assembly.GetManifestResourceStream($"Dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard resource '{name}' is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
