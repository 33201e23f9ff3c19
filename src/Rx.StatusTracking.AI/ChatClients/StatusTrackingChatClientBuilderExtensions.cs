using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.AI;

/// <summary>Adds status tracking to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class StatusTrackingChatClientBuilderExtensions
{
    /// <summary>
    /// Reports every step of the pipeline to <paramref name="tracker"/> by itself: each model call, each tool call
    /// the model asks for (queued, waiting for approval, running, completed or failed, also "not found"), tool
    /// results going back, and the final answer. Use it <b>instead of</b> <c>UseFunctionInvocation()</c>: it adds
    /// a <see cref="FunctionInvokingChatClient"/> itself, between a tracking client for model calls and a hook on
    /// each function invocation (configure it with <see cref="StatusTrackingChatOptions.ConfigureFunctionInvocation"/>).
    /// </summary>
    /// <remarks>
    /// Steps are numbered from the tracker's highest step upwards, shared by every pipeline reporting to the same
    /// tracker. Exceptions from the model or a tool are recorded as failures and then reach the caller (or, for
    /// tools, the function-invocation client) unchanged.
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="tracker">Where the statuses go.</param>
    /// <param name="configure">Optional settings (argument redaction, function invocation).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="tracker"/> is null.</exception>
    public static ChatClientBuilder UseStatusTracking(this ChatClientBuilder builder, ChatStatusTracker tracker, Action<StatusTrackingChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tracker);
        var options = new StatusTrackingChatOptions();
        configure?.Invoke(options);

        return builder.Use((innerClient, services) =>
        {
            var session = new TrackingSession(tracker, options);
            var loggerFactory = services.GetService<ILoggerFactory>();
            var invoking = new FunctionInvokingChatClient(new ModelCallStatusChatClient(innerClient, session), loggerFactory, services);
            options.ConfigureFunctionInvocation?.Invoke(invoking);
            var userInvoker = invoking.FunctionInvoker;
            invoking.FunctionInvoker = (context, cancellationToken) => session.InvokeAsync(context, cancellationToken, userInvoker);
            session.FunctionInvocation = invoking;
            return invoking;
        });
    }
}
