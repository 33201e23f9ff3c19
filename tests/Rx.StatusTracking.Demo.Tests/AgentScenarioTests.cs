using System.Reactive.Concurrency;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.Agents;
using Rx.StatusTracking.Demo.Agents;

namespace Rx.StatusTracking.Demo.Tests;

/// <summary>The <c>--agents</c> run: real Agent Framework agents and workflow over scripted models, on a virtual clock.</summary>
public sealed class AgentScenarioTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    // The planner's model asks for the researcher, whose model asks for the search: the first statuses of every run.
    private static readonly string[] UpToTheSearch =
    [
        "0 #1 1 Executing: The agent planner is working.",
        "0 #2 2 in 1 Executing: Waiting for the model to respond.",
        "700 #3 2 in 1 Completed: Received a response from the model.",
        "700 #4 3 in 1 Executing: Running the ask_researcher tool.",
        "700 #5 4 in 3 Executing: The agent researcher is working.",
        "700 #6 5 in 4 Executing: Waiting for the model to respond.",
        "1300 #7 5 in 4 Completed: Received a response from the model.",
        "1300 #8 6 in 4 Executing: Running the web_search tool.",
    ];

    private readonly HistoricalScheduler _clock = new(Start);
    private readonly ChatStatusTracker _tracker;

    public AgentScenarioTests()
    {
        _tracker = new ChatStatusTracker(options: new() { Scheduler = _clock, Validation = StatusValidation.Strict });
    }

    public void Dispose() => _tracker.Dispose();

    /// <summary>"ms #sequence step[ in parent] State: description", the milliseconds on the virtual clock since the start.</summary>
    private IReadOnlyList<string> Lines => [.. _tracker.History.Select(s =>
        $"{(s.Timestamp - Start).TotalMilliseconds} #{s.Sequence} {s.Step}{(s.ParentStep is { } parent ? $" in {parent}" : "")} {s.State}: {s.Description}")];

    [Fact]
    public async Task The_run_records_its_exact_tree_of_steps_on_the_nominal_timeline()
    {
        var answer = await new AgentScenario(_tracker, ScenarioClock.Virtual(_clock), jitter: 0).RunAsync(CancellationToken.None);

        Assert.Equal(AgentScenario.Answer, answer);
        Assert.True(_tracker.IsCompleted);
        Assert.Equal(
            [
                .. UpToTheSearch,
                "2200 #9 6 in 4 Completed: The web_search tool finished.",
                "2200 #10 7 in 4 Executing: Sending the tool results back to the model.",
                "3000 #11 7 in 4 Completed: Received the final answer.",
                "3000 #12 4 in 3 Completed: The agent researcher finished.",
                "3000 #13 3 in 1 Completed: The ask_researcher tool finished.",
                "3000 #14 8 in 1 Executing: Sending the tool results back to the model.",
                "3700 #15 8 in 1 Completed: Received the final answer.",
                "3700 #16 1 Completed: The agent planner finished.",
                "3700 #17 9 Executing: Running the workflow review.",
                "3700 #18 10 in 9 Executing: The writer executor is running.",
                "4900 #19 10 in 9 Completed: The writer executor finished.",
                "4900 #20 11 in 9 Executing: The reviewer executor is running.",
                "5800 #21 11 in 9 Completed: The reviewer executor finished.",
                "5800 #22 12 in 9 Executing: The approval executor is running.",
                "5800 #23 13 in 9 AwaitingInput: Waiting for input on approval.",
                "7300 #24 12 in 9 Completed: The approval executor finished.",
                "7300 #25 13 in 9 Completed: The input on approval arrived.",
                "7300 #26 14 in 9 Executing: The approval executor is running.",
                "7300 #27 14 in 9 Completed: The approval executor finished.",
                "7300 #28 15 in 9 Executing: The publish executor is running.",
                "7300 #29 15 in 9 Completed: The publish executor finished.",
                "7300 #30 9 Completed: The workflow review finished.",
            ],
            Lines);
        Assert.Equal(AgentScenario.StepCount, _tracker.GetSummary().CompletedSteps);
    }

    [Fact]
    public async Task Each_step_carries_the_frameworks_data_with_exact_durations_and_token_usage()
    {
        await new AgentScenario(_tracker, ScenarioClock.Virtual(_clock), jitter: 0).RunAsync(CancellationToken.None);
        var history = _tracker.History;

        var planner = Assert.IsType<AgentRunData>(history[15].Data);
        Assert.Equal(("planner", TimeSpan.FromMilliseconds(3_700), 450L, 52L, 502L, 1), (planner.AgentName, planner.Duration, planner.InputTokens, planner.OutputTokens, planner.TotalTokens, planner.ToolCalls));
        var researcher = Assert.IsType<AgentRunData>(history[11].Data);
        Assert.Equal(("researcher", TimeSpan.FromMilliseconds(2_300), 590L, 65L, 655L, 1), (researcher.AgentName, researcher.Duration, researcher.InputTokens, researcher.OutputTokens, researcher.TotalTokens, researcher.ToolCalls));

        var search = Assert.IsType<ToolCallData>(history[8].Data);
        Assert.Equal(("call_search", "web_search", TimeSpan.FromMilliseconds(900)), (search.CallId, search.ToolName, search.Duration));
        Assert.Equal("Oslo weather forecast next week", search.Arguments!["query"]?.ToString());
        var askResearcher = Assert.IsType<ToolCallData>(history[12].Data);
        Assert.Equal(("ask_researcher", TimeSpan.FromMilliseconds(2_300)), (askResearcher.ToolName, askResearcher.Duration));

        // The runs are not streamed: the usage arrives with the whole response, after the model calls, and is the runs' only.
        Assert.Equal(
            [
                new ModelCallData(null, 1, TimeSpan.FromMilliseconds(700), ToolCalls: 1),
                new ModelCallData(null, 1, TimeSpan.FromMilliseconds(600), ToolCalls: 1),
                new ModelCallData(null, 2, TimeSpan.FromMilliseconds(800)),
                new ModelCallData(null, 2, TimeSpan.FromMilliseconds(700)),
            ],
            history.Where(s => s.State == StatusState.Completed).Select(s => s.Data).OfType<ModelCallData>());

        Assert.Equal(new ExecutorRunData("writer", "writer", TimeSpan.FromMilliseconds(1_200)), history[18].Data);
        Assert.Equal(new ExecutorRunData("reviewer", "reviewer", TimeSpan.FromMilliseconds(900)), history[20].Data);
        Assert.Equal("approval", Assert.IsType<WorkflowRequestData>(history[22].Data).PortId);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_varied_timeline_and_the_order_never_changes()
    {
        var first = await RecordAsync(seed: 7);
        var again = await RecordAsync(seed: 7);
        var other = await RecordAsync(seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(s => s.Time), other.Select(s => s.Time));
        Assert.Equal(first.Select(s => s.Line), other.Select(s => s.Line));
        Assert.Equal(TimeSpan.FromMilliseconds(7_393), first[^1].Time);
    }

    [Fact]
    public async Task Stopping_the_run_while_it_waits_for_the_approval_ends_the_wait_and_the_workflow_and_leaves_nothing_open()
    {
        // Ctrl+C while the editor's approval is awaited (5.69 s to 7.39 s).
        await StopAtAsync(6_500);

        var summary = _tracker.GetSummary();
        Assert.Equal((0, 0, 0), (summary.ExecutingSteps, summary.AwaitingInputSteps, summary.PendingSteps));
        Assert.Equal(
            [
                "5800 #23 13 in 9 AwaitingInput: Waiting for input on approval.",
                "7300 #24 12 in 9 Failed: The approval executor failed: the workflow failed.",
                "7300 #25 13 in 9 Failed: No input on approval arrived: the workflow failed.",
                "7300 #26 9 Failed: The workflow review failed: the event stream was abandoned before it ended.",
            ],
            Lines.Skip(22));
    }

    [Fact]
    public async Task Stopping_the_run_ends_every_running_step_as_cancelled_and_completes_the_tracker()
    {
        // Ctrl+C while the web search runs: the search's wait is cancelled (at its end, in virtual time), and so is
        // every step above it; no model call starts after a cancelled tool call.
        await StopAtAsync(1_500);

        Assert.Equal(
            [
                .. UpToTheSearch,
                "2200 #9 6 in 4 Failed: The web_search tool failed: cancelled.",
                "2200 #10 4 in 3 Failed: The agent researcher failed: cancelled.",
                "2200 #11 3 in 1 Failed: The ask_researcher tool failed: cancelled.",
                "2200 #12 1 Failed: The agent planner failed: cancelled.",
            ],
            Lines);
    }

    private static async Task<List<(TimeSpan Time, string Line)>> RecordAsync(int seed)
    {
        var clock = new HistoricalScheduler(Start);
        using var tracker = new ChatStatusTracker(options: new() { Scheduler = clock, Validation = StatusValidation.Strict });
        await new AgentScenario(tracker, ScenarioClock.Virtual(clock), seed: seed).RunAsync(CancellationToken.None);
        return [.. tracker.History.Select(s => (s.Timestamp - Start, $"#{s.Sequence} {s.Step} in {s.ParentStep} {s.State}: {s.Description}"))];
    }

    // Runs the scenario with a Ctrl+C at the given virtual time: the run returns no answer and completes the tracker.
    private async Task StopAtAsync(int milliseconds)
    {
        using var stop = new CancellationTokenSource();
        _clock.Schedule(Start + TimeSpan.FromMilliseconds(milliseconds), stop.Cancel);

        var answer = await new AgentScenario(_tracker, ScenarioClock.Virtual(_clock), jitter: 0).RunAsync(stop.Token);

        Assert.Null(answer);
        Assert.True(_tracker.IsCompleted);
    }
}
