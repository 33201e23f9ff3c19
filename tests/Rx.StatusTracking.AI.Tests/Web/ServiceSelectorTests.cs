using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests.Web;

/// <summary>The selector that gets the pipeline's <see cref="IServiceProvider"/>, in and out of a web app.</summary>
public class ServiceSelectorTests
{
    private static readonly string[] OneModelCall = [$"1 Executing {ChatStatusMessages.WaitingOpenAI}", $"1 Completed {ChatStatusMessages.ReceivedFinal}"];

    /// <summary>The operation of the request being served, set by its endpoint (a scoped service).</summary>
    private sealed class RequestOperation
    {
        public ChatStatusTracker? Tracker { get; set; }
    }

    [Fact]
    public async Task The_selector_gets_the_provider_the_pipeline_was_built_with_or_an_empty_one()
    {
        var tracker = new ChatStatusTracker();
        await using var services = new ServiceCollection().AddSingleton(tracker).BuildServiceProvider();
        var seen = new List<IServiceProvider>();
        var builder = new ChatClientBuilder(new OverlappingModel(overlapping: 1))
            .UseStatusTracking((provider, messages, options) =>
            {
                seen.Add(provider);
                return provider.GetService<ChatStatusTracker>();
            });

        await builder.Build(services).GetResponseAsync("tracked");
        await builder.Build().GetResponseAsync("untracked");

        Assert.Same(services, seen[0]);
        Assert.NotNull(seen[1]);
        Assert.Null(seen[1].GetService<ChatStatusTracker>());
        Assert.Equal(OneModelCall, Show(tracker.History));
    }

    [Fact]
    public async Task A_scoped_clients_selector_gets_the_requests_scope()
    {
        using var model = new OverlappingModel(overlapping: 2);
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new StatusHub());
        builder.Services.AddScoped<RequestOperation>();
        builder.Services.AddChatClient(model, ServiceLifetime.Scoped)
            .UseStatusTracking((services, messages, options) => services.GetRequiredService<RequestOperation>().Tracker);
        await using var app = builder.Build();
        app.MapPost("/chat/{id}", async (string id, string question, StatusHub hub, RequestOperation operation, IChatClient chat) =>
        {
            operation.Tracker = hub.Create(id);
            try
            {
                return (await chat.GetResponseAsync(question)).Text;
            }
            finally
            {
                operation.Tracker.Complete();
            }
        });
        await app.StartAsync();

        var answers = await Task.WhenAll(LocalWeb.PostAsync(app, "/chat/red?question=red"), LocalWeb.PostAsync(app, "/chat/blue?question=blue"));

        Assert.Equal([(HttpStatusCode.OK, "answer to red"), (HttpStatusCode.OK, "answer to blue")], answers);
        var hub = app.Services.GetRequiredService<StatusHub>();
        Assert.All(new[] { "red", "blue" }, id => Assert.Equal(OneModelCall, Show(hub.TryGet(id, out var t) ? t.History : [])));
    }

    [Fact]
    public async Task An_exception_the_selector_throws_reaches_the_endpoint_and_nothing_is_sent_to_the_model()
    {
        using var model = new OverlappingModel(overlapping: 1);
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddChatClient(model).UseStatusTracking((services, messages, options) =>
            throw new InvalidOperationException($"No operation for {services.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request.Path}."));
        await using var app = builder.Build();
        app.MapPost("/chat/{id}", async (string id, IChatClient chat) =>
        {
            try
            {
                return Results.Text((await chat.GetResponseAsync("question")).Text);
            }
            catch (InvalidOperationException exception)
            {
                return Results.Text(exception.Message, statusCode: StatusCodes.Status409Conflict);
            }
        });
        await app.StartAsync();

        Assert.Equal((HttpStatusCode.Conflict, "No operation for /chat/red."), await LocalWeb.PostAsync(app, "/chat/red"));
        Assert.Equal(0, model.Requests);
    }
}
