using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Agents;
using Rx.StatusTracking.Demo.Simulation;

namespace Rx.StatusTracking.Demo.Agents;

/// <summary>
/// The multi-agent run of <c>--agents</c>, on Microsoft Agent Framework over scripted models: a planner agent asks a
/// researcher agent (its tool <c>ask_researcher</c>), which calls the <c>web_search</c> tool; then the workflow
/// <c>review</c> has a writer draft the answer and a reviewer check it, waits for an editor's approval (given
/// automatically after a moment) and publishes it. The planner and the researcher report through
/// <c>UseStatusTracking</c> and the workflow's events through <c>WithStatusTracking</c>, all to one tracker, so the
/// researcher's run is a child of the planner's tool call and the executors and the approval are children of the
/// workflow. The writer and reviewer agents run inside their executors untracked: the executors' steps show them.
/// </summary>
/// <param name="tracker">Where every status goes; completed when the run ends, however it ends.</param>
/// <param name="clock">How the models, the search and the editor take their time.</param>
/// <param name="jitter">How much each duration varies (0: the nominal timeline).</param>
/// <param name="seed">The seed of the variation.</param>
internal sealed class AgentScenario(ChatStatusTracker tracker, ScenarioClock clock, double jitter = 0.15, int seed = 7)
{
    public const string Question = "What should I pack for Oslo next week?";
    public const string WorkflowName = "review";
    public const string ApprovalPort = "approval";
    public const string ResearcherTool = "ask_researcher";
    public const string SearchTool = "web_search";

    /// <summary>The final answer the run publishes.</summary>
    public const string Answer =
        "Pack for Oslo next week (2-6 °C, rain on four days): a warm sweater, a waterproof jacket, waterproof boots, gloves and a scarf.";

    /// <summary>
    /// How many steps a run has: 2 agent runs, their 4 model calls, 2 tool calls, the workflow, its 5 executor invocations
    /// and the approval.
    /// </summary>
    public const int StepCount = 15;

    private const string Plan = "Answer as a packing list for 2-6 °C and rain: warm layers, waterproof outerwear, boots.";
    private const string Draft = "Pack for Oslo: a warm sweater, a waterproof jacket, waterproof boots and gloves.";

    private readonly Jitter _jitter = new(jitter, seed);

    /// <summary>Runs the planner, then the workflow, and completes the tracker.</summary>
    /// <param name="cancellationToken">Stops the run (Ctrl+C): every open step ends Failed (an agent run "… cancelled", the workflow "… the event stream was abandoned before it ended", a request for input "No input on … arrived").</param>
    /// <returns>The published answer, or <see langword="null"/> when <paramref name="cancellationToken"/> stopped the run.</returns>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Each duration is drawn here, in the order the run uses them, so a seed always gives the same timeline.
            var planner = Planner(_jitter.VaryTime(700), _jitter.VaryTime(600), _jitter.VaryTime(900), _jitter.VaryTime(800), _jitter.VaryTime(700));
            var writing = _jitter.VaryTime(1_200);
            var reviewing = _jitter.VaryTime(900);
            var approving = _jitter.VaryTime(1_500);

            var plan = await planner.RunAsync(Question, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await ReviewAsync(plan.Text, writing, reviewing, approving, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // the statuses say where the run was stopped
        }
        finally
        {
            tracker.Complete();
        }
    }

    // The planner's first answer asks the researcher; the researcher's asks for a search; then each answers in text.
    private AIAgent Planner(TimeSpan planning, TimeSpan researching, TimeSpan searching, TimeSpan summing, TimeSpan answering)
    {
        var webSearch = AIFunctionFactory.Create(
            async (string query, CancellationToken cancellationToken) =>
            {
                await clock.WaitAsync(searching, cancellationToken).ConfigureAwait(false);
                return $"5 results for '{query}': 2-6 °C, light rain on four days, windy evenings.";
            },
            SearchTool,
            "Searches the web and returns the top results.");
        var researcherModel = new ScriptedModel(clock)
            .Then(researching, Usage(210, 24), Call("call_search", SearchTool, "Oslo weather forecast next week"))
            .ThenText(summing, Usage(380, 41), "Next week in Oslo: 2-6 °C, light rain on four days, windy evenings.");
        var researcher = new ChatClientAgent(researcherModel, name: "researcher", description: "Finds facts on the web.", tools: [webSearch])
            .AsBuilder()
            .UseStatusTracking(tracker)
            .Build();

        var plannerModel = new ScriptedModel(clock)
            .Then(planning, Usage(160, 22), Call("call_research", ResearcherTool, "What will the weather in Oslo be next week?"))
            .ThenText(answering, Usage(290, 30), Plan);
        var askResearcher = researcher.AsAIFunction(new AIFunctionFactoryOptions { Name = ResearcherTool });
        return new ChatClientAgent(plannerModel, name: "planner", tools: [askResearcher])
            .AsBuilder()
            .UseStatusTracking(tracker)
            .Build();
    }

    // writer -> reviewer -> the editor's approval (a request port) -> publish.
    private async Task<string> ReviewAsync(string plan, TimeSpan writing, TimeSpan reviewing, TimeSpan approving, CancellationToken cancellationToken)
    {
        var starts = new ExecutorStarts();
        var writer = new ChatClientAgent(new ScriptedModel(clock).ThenText(writing, Usage(420, 35), Draft), name: "writer");
        var reviewer = new ChatClientAgent(new ScriptedModel(clock).ThenText(reviewing, Usage(460, 38), Answer), name: "reviewer");
        var write = Stage("writer", writer, starts);
        var review = Stage("reviewer", reviewer, starts);
        var approval = RequestPort.Create<string, string>(ApprovalPort);
        var publish = ((Func<string, string>)(approved => approved)).BindAsExecutor("publish");
        var workflow = new WorkflowBuilder(write)
            .AddEdge(write, review)
            .AddEdge(review, approval)
            .AddEdge(approval, publish)
            .WithOutputFrom(publish)
            .WithName(WorkflowName)
            .Build();

        string? answer = null;
        await using var run = await InProcessExecution.RunStreamingAsync(workflow, plan, cancellationToken: cancellationToken).ConfigureAwait(false);
        await foreach (var e in run.WatchStreamAsync(cancellationToken).WithStatusTracking(tracker, workflow.Name, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            starts.Saw(e);
            switch (e)
            {
                case RequestInfoEvent request when request.Request.TryGetDataAs<string>(out var reviewed):
                    // The editor reads the reviewed answer and approves it as it is.
                    await clock.WaitAsync(approving, cancellationToken).ConfigureAwait(false);
                    await run.SendResponseAsync(request.Request.CreateResponse(reviewed)).ConfigureAwait(false);
                    break;
                case WorkflowOutputEvent output when output.Is<string>(out var published):
                    answer = published;
                    break;
            }
        }

        // The run's stream ends quietly when it is cancelled: that is a stop, not a workflow without an answer.
        cancellationToken.ThrowIfCancellationRequested();
        return answer ?? throw new InvalidOperationException($"The workflow {WorkflowName} ended without publishing an answer.");
    }

    // An executor that runs an agent on its input, once the reader has recorded the executor's start.
    private static ExecutorBinding Stage(string id, AIAgent agent, ExecutorStarts starts) =>
        ((Func<string, CancellationToken, ValueTask<string>>)(async (input, cancellationToken) =>
        {
            await starts.RecordedAsync(id, cancellationToken).ConfigureAwait(false);
            var response = await agent.RunAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Text;
        })).BindAsExecutor(id);

    private static FunctionCallContent Call(string callId, string tool, string query) =>
        new(callId, tool, new Dictionary<string, object?> { ["query"] = query });

    private static UsageDetails Usage(long input, long output) =>
        new() { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
}
