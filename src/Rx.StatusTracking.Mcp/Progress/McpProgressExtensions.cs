using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Rx.StatusTracking.Mcp;

/// <summary>
/// Reports a tracked operation to an MCP caller as progress notifications (<c>notifications/progress</c>), from
/// inside the tool that runs it.
/// </summary>
public static class McpProgressExtensions
{
    /// <summary>
    /// The progress notifications a status stream makes: <c>progress</c> is the steps done (a finished step counts 1,
    /// a running step its reported fraction, see <see cref="ProgressSnapshot.Percent"/>), <c>total</c> is
    /// <see cref="McpProgressOptions.ExpectedSteps"/> when given, <c>message</c> is the description of the status
    /// that moved it; at most one notification per <see cref="McpProgressOptions.Window"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// MCP requires <c>progress</c> to increase with each notification, so a status that does not raise it (a step
    /// starting, a figure that fell back, anything after a reset until the count passes the highest figure sent) sends
    /// nothing; its description shows with the next rise. A <see cref="StatusState.Failed"/> status is never a
    /// notification: the failed step counts as finished in the next one, and the failure belongs in the tool's result
    /// (throw, or return an error result).
    /// </para>
    /// <para>
    /// The rate limit is <see cref="StatusOperators.ThrottleUpdates"/>: the first notification passes at once, then
    /// the newest of each window; when the status stream completes (the tracker's <c>Complete</c>) the newest waiting
    /// notification is delivered before the completion, so a tool that completes its tracker before it returns has
    /// sent its final figure.
    /// </para>
    /// </remarks>
    /// <param name="source">The statuses, e.g. a <see cref="ChatStatusTracker"/> subscribed to before the work starts.</param>
    /// <param name="options">The window, clock and expected step count; the defaults when null.</param>
    /// <returns>The notifications to send.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IObservable<ProgressNotificationValue> ToMcpProgress(this IObservable<ChatStatus> source, McpProgressOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new McpProgressOptions();
        options.Validate();
        var expected = options.ExpectedSteps;

        // One subscription to the source: each status is paired with the snapshot the Progress operator made of it.
        var candidates = source.Publish(statuses => statuses.Zip(statuses.Progress(expected)))
            .Where(pair => !pair.First.IsReset && pair.First.State != StatusState.Failed)
            .Select(pair => new ProgressNotificationValue
            {
                Progress = StepsDone(pair.Second),
                Total = expected,
                Message = pair.First.Description,
            });

        // The throttle is the library's status operator, so each notification travels as the Data of a carrier status
        // that is never terminal: only the newest of a window counts for a progress bar.
        return RisingOnly(candidates)
            .Select(value => new ChatStatus { Step = 0, Description = value.Message!, State = StatusState.Executing, Data = value })
            .ThrottleUpdates(options.Window, options.Scheduler)
            .Select(carrier => (ProgressNotificationValue)carrier.Data!);
    }

    /// <summary>
    /// Sends <see cref="ToMcpProgress"/>'s notifications to <paramref name="progress"/> (a tool's injected
    /// <see cref="IProgress{T}"/>, which the SDK gives each call) until the status stream ends or the returned handle
    /// is disposed.
    /// </summary>
    /// <remarks>
    /// Complete the tracker before the tool returns so the last figure is sent; disposing the handle first drops a
    /// notification still waiting for its window. The SDK's <see cref="IProgress{T}"/> starts each send without
    /// waiting for it; to wait until every notification is written (and see a failed send), use
    /// <see cref="SendMcpProgressAsync(IObservable{ChatStatus}, RequestContext{CallToolRequestParams}, McpProgressOptions?, CancellationToken)"/>.
    /// <see cref="IProgress{T}"/> has no error channel: an error of the stream is thrown back to the source, as Rx's
    /// <c>Subscribe(onNext)</c> does (a tracker's stream never errors).
    /// </remarks>
    /// <param name="source">The statuses, e.g. a <see cref="ChatStatusTracker"/> subscribed to before the work starts.</param>
    /// <param name="progress">Where the notifications go.</param>
    /// <param name="options">The window, clock and expected step count; the defaults when null.</param>
    /// <returns>A handle that stops the reporting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="progress"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IDisposable ReportMcpProgressTo(this IObservable<ChatStatus> source, IProgress<ProgressNotificationValue> progress, McpProgressOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return source.ToMcpProgress(options).Subscribe(progress.Report);
    }

    /// <summary>
    /// Sends <see cref="ToMcpProgress"/>'s notifications for <paramref name="progressToken"/> over
    /// <paramref name="session"/>, one after another, each awaited before the next; the task ends once the status
    /// stream has completed and its last notification is written. Start it before the work, await it before returning.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Unlike <see cref="ReportMcpProgressTo"/> over the SDK's <see cref="IProgress{T}"/>, whose sends nobody awaits,
    /// this keeps at most one send in flight, and a failed send (the session closed) faults the task.
    /// Without a token (the caller asked for no progress) nothing is sent and the task still ends with the stream.
    /// Cancelling <paramref name="cancellationToken"/> stops the sending and cancels the task.
    /// </para>
    /// </remarks>
    /// <param name="source">The statuses, e.g. a <see cref="ChatStatusTracker"/>: the task ends when it completes.</param>
    /// <param name="session">The session the request came on (a tool's <see cref="McpServer"/>).</param>
    /// <param name="progressToken">The request's <c>_meta.progressToken</c>, or null when it has none.</param>
    /// <param name="options">The window, clock and expected step count; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the sending.</param>
    /// <returns>A task that ends when the stream has completed and every notification is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="session"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static Task SendMcpProgressAsync(
        this IObservable<ChatStatus> source,
        McpSession session,
        ProgressToken? progressToken,
        McpProgressOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var notifications = source.ToMcpProgress(options);
        var sent = progressToken is { } token
            ? notifications.Select(value => Observable.FromAsync(ct => session.NotifyProgressAsync(token, value, options: null, ct))).Concat()
            : notifications.Select(static _ => Unit.Default);
        return sent.LastOrDefaultAsync().ToTask(cancellationToken);
    }

    /// <summary>
    /// <see cref="SendMcpProgressAsync(IObservable{ChatStatus}, McpSession, ProgressToken?, McpProgressOptions?, CancellationToken)"/>
    /// for the tool call <paramref name="request"/>: its server and its progress token.
    /// </summary>
    /// <param name="source">The statuses, e.g. a <see cref="ChatStatusTracker"/>: the task ends when it completes.</param>
    /// <param name="request">The tool call (a tool method's <see cref="RequestContext{TParams}"/> parameter).</param>
    /// <param name="options">The window, clock and expected step count; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the sending.</param>
    /// <returns>A task that ends when the stream has completed and every notification is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static Task SendMcpProgressAsync(
        this IObservable<ChatStatus> source,
        RequestContext<CallToolRequestParams> request,
        McpProgressOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return source.SendMcpProgressAsync(request.Server, request.Params?.ProgressToken, options, cancellationToken);
    }

    // Percent is of the expected steps when given, else of the steps seen: scaled back, it is the steps done.
    // Rounded so 1/3 of 3 steps reads 1, not 0.99999994.
    private static float StepsDone(ProgressSnapshot snapshot) =>
        (float)Math.Round(snapshot.Percent * (snapshot.ExpectedSteps ?? snapshot.TotalSteps) / 100, 4);

    // Each subscription keeps its own highest figure sent.
    private static IObservable<ProgressNotificationValue> RisingOnly(IObservable<ProgressNotificationValue> values) =>
        values
            .Scan((Highest: float.NegativeInfinity, Value: (ProgressNotificationValue?)null), static (state, value) =>
                value.Progress > state.Highest ? (value.Progress, value) : (state.Highest, null))
            .Where(static state => state.Value is not null)
            .Select(static state => state.Value!);
}
