using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace Rx.StatusTracking.Demo.Simulation;

/// <summary>
/// A scripted chat turn: analyze the query, call the model, run three tools in parallel (the API call
/// fails once and is retried), send the results back and receive the final answer. Every report is
/// scheduled on the tracker's scheduler, so on a virtual-time scheduler the turn is exact and instant,
/// and on the real clock the parallel tools really run on different threads.
/// </summary>
internal sealed class ChatTurnSimulation(ChatStatusTracker tracker, double jitter = 0.15, int seed = 7)
{
    public const int AnalyzeStep = 1;
    public const int ModelStep = 2;
    public const int WebSearchStep = 3;
    public const int ApiCallStep = 4;
    public const int DbLookupStep = 5;
    public const int FinalAnswerStep = 6;

    /// <summary>How many steps a turn has.</summary>
    public const int StepCount = 6;

    private readonly Jitter _jitter = new(jitter, seed);

    /// <summary>Schedules the whole turn from the scheduler's current time; the tracker completes at the end.</summary>
    /// <returns>A handle that cancels what has not run yet.</returns>
    /// <remarks>
    /// Each report is scheduled by the report before it in its step's story, at an absolute time from the start: on the
    /// real clock, timers of a loaded machine may fire out of order, and a step's reports must not (a tool's Executing
    /// overtaking its Pending is refused). The times, and so a virtual-time run, are the same as scheduling all at once.
    /// </remarks>
    public IDisposable Start()
    {
        var scheduler = tracker.Scheduler;
        var plan = new CompositeDisposable();
        var start = scheduler.Now;
        void At(double ms, Action report) => plan.Add(scheduler.Schedule(start + TimeSpan.FromMilliseconds(ms), report));

        var analyzed = Vary(400);
        var answered = analyzed + Vary(1_200);
        var toolsStart = answered + Vary(50);
        var webDone = toolsStart + Vary(850);
        var dbDone = toolsStart + Vary(550);
        var apiFailed = toolsStart + Vary(400);
        var apiRetry = apiFailed + Vary(300);
        var apiDone = apiRetry + Vary(500);
        // A moment after the last tool, once all three have ended.
        var finalStart = Math.Max(webDone, Math.Max(dbDone, apiDone)) + 1;
        var finalDone = finalStart + Vary(1_100);

        var toolsLeft = 3;
        void ToolEnded()
        {
            if (Interlocked.Decrement(ref toolsLeft) == 0)
            {
                At(finalStart, () =>
                {
                    tracker.Executing(FinalAnswerStep, ChatStatusMessages.SendingToolResults);
                    At(finalDone, () =>
                    {
                        tracker.Completed(FinalAnswerStep, ChatStatusMessages.ReceivedFinal);
                        tracker.Complete();
                    });
                });
            }
        }

        void RunTools()
        {
            At(toolsStart, () =>
            {
                tracker.Executing(WebSearchStep, ChatStatusMessages.WebSearchStart, data: "Oslo weather packing list");
                At(webDone, () =>
                {
                    tracker.Completed(WebSearchStep, ChatStatusMessages.WebSearchComplete, data: "5 results");
                    ToolEnded();
                });
            });
            At(toolsStart, () =>
            {
                tracker.Executing(ApiCallStep, ChatStatusMessages.ApiCallStart, data: new { Attempt = 1 });
                At(apiFailed, () =>
                {
                    tracker.Failed(
                        ApiCallStep,
                        ChatStatusMessages.ToolFailed("weather_api", "HTTP 503 Service Unavailable"),
                        new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable)."));
                    At(apiRetry, () =>
                    {
                        tracker.Executing(ApiCallStep, ChatStatusMessages.ApiCallStart, data: new { Attempt = 2 });
                        At(apiDone, () =>
                        {
                            tracker.Completed(ApiCallStep, ChatStatusMessages.ApiCallComplete, data: "4 °C, light rain");
                            ToolEnded();
                        });
                    });
                });
            });
            At(toolsStart, () =>
            {
                tracker.Executing(DbLookupStep, ChatStatusMessages.DbLookupStart);
                At(dbDone, () =>
                {
                    tracker.Completed(DbLookupStep, ChatStatusMessages.DbLookupComplete, data: "12 orders");
                    ToolEnded();
                });
            });
        }

        At(0, () =>
        {
            tracker.Executing(AnalyzeStep, ChatStatusMessages.AnalyzingQuery, data: "What should I pack for Oslo next week?");
            At(analyzed, () =>
            {
                tracker.Completed(AnalyzeStep, ChatStatusMessages.QueryPrepared);
                tracker.Executing(ModelStep, ChatStatusMessages.WaitingOpenAI, data: "gpt-4o");
                At(answered, () =>
                {
                    tracker.Completed(ModelStep, ChatStatusMessages.ReceivedResponse, data: "3 tool calls");
                    tracker.Pending(WebSearchStep, ChatStatusMessages.ToolQueued("web_search"));
                    tracker.Pending(ApiCallStep, ChatStatusMessages.ToolQueued("weather_api"));
                    tracker.Pending(DbLookupStep, ChatStatusMessages.ToolQueued("order_history"));
                    RunTools();
                });
            });
        });

        return plan;
    }

    private double Vary(double milliseconds) => _jitter.Vary(milliseconds);
}
