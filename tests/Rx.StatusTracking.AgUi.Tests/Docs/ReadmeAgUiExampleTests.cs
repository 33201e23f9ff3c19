using Microsoft.Agents.AI;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rx.StatusTracking.AgUi.Tests.Support;
using Rx.StatusTracking.Client.Tests.Docs;

namespace Rx.StatusTracking.AgUi.Tests.Docs;

public class ReadmeAgUiExampleTests
{
    [Fact]
    public void The_READMEs_AG_UI_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeAgUiExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Agent front ends over AG-UI"));
    }

    [Fact]
    public void The_READMEs_event_stream_is_the_one_the_sequence_test_checks()
    {
        var readme = ReadmeSnippets.Read("README.md");
        var shown = readme.Split("## Agent front ends over AG-UI")[1].Split("```text\n")[1].Split("```")[0];

        Assert.Equal(string.Join('\n', Endpoints.EventSequenceTests.Expected) + "\n", shown);
    }

    [Fact]
    public void The_READMEs_failing_run_is_the_one_the_ending_test_checks()
    {
        var readme = ReadmeSnippets.Read("README.md");
        var shown = readme.Split("## Agent front ends over AG-UI")[1].Split("**No step is left running.**")[1].Split("```text\n")[1].Split("```")[0]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()).Where(line => line is not ("…" or "")).ToArray();

        Assert.Equal(["3", "6", "7", "8"], shown.Select(line => line.Split(' ')[0]));
        Assert.All(shown, line => Assert.Contains(line, Endpoints.RunEndingTests.ThrewWhileReading));
    }

    [Fact]
    public async Task The_example_serves_a_delegate_a_chat_model_and_an_Agent_Framework_agent_with_their_steps()
    {
        var model = Turns.SearchThenAnswer();
        var agentModel = new ScriptedChatClient().ThenStream(new ChatResponseUpdate(ChatRole.Assistant, "Day 1: the fjords.") { MessageId = "plan-1" });
        var planner = new ChatClientAgent(agentModel, name: "planner");
        var (app, hub) = ReadmeAgUiExample.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], model, planner);
        await using (app)
        {
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            using var client = new HttpClient { BaseAddress = address };

            using var chat = await client.SendAsync(AgUiStream.Post(new Uri(address, "/agui"), AgUiStream.Input("run-chat")), HttpCompletionOption.ResponseHeadersRead);
            var chatEvents = await AgUiStream.ReadAsync(chat);
            using var agent = await client.SendAsync(AgUiStream.Post(new Uri(address, "/agui/planner"), AgUiStream.Input("run-agent", "Plan a trip to Oslo.")), HttpCompletionOption.ResponseHeadersRead);
            var agentEvents = await AgUiStream.ReadAsync(agent);
            using var simple = await client.SendAsync(AgUiStream.Post(new Uri(address, "/agui/simple"), AgUiStream.Input("run-simple")), HttpCompletionOption.ResponseHeadersRead);
            var simpleEvents = await AgUiStream.ReadAsync(simple);
            await app.StopAsync();

            Assert.Equal("""{"type":"TOOL_CALL_RESULT","messageId":"run-chat:result:1","toolCallId":"call-1","content":"Results for Oslo weather","role":"tool"}""", chatEvents.Single(e => e.Type == "TOOL_CALL_RESULT").Data);
            Assert.Equal("RUN_FINISHED", chatEvents[^1].Type);
            Assert.Equal(string.Join("\n", AgentRun), string.Join("\n", agentEvents));
            Assert.Equal(string.Join("\n", SimpleRun), string.Join("\n", simpleEvents));
            Assert.Equal(["run-chat", "run-agent", "run-simple"], hub.OperationIds);
        }
    }

    // The delegate's step, reported by hand, then its text.
    private static readonly string[] SimpleRun =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-simple"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-simple:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Looking up the forecast."},"replace":true}""",
        """4 {"type":"ACTIVITY_DELTA","messageId":"run-simple:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Found the forecast."}]}""",
        """5 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """6 {"type":"TEXT_MESSAGE_START","messageId":"run-simple:message:1","role":"assistant"}""",
        """7 {"type":"TEXT_MESSAGE_CONTENT","messageId":"run-simple:message:1","delta":"It is sunny in Oslo."}""",
        """8 {"type":"TEXT_MESSAGE_END","messageId":"run-simple:message:1"}""",
        """9 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-simple","outcome":{"type":"success"}}""",
    ];

    // The agent's run is a step (the Agents package's tracking, finding the run's tracker in ChatStatusScope), and its
    // model call a step under it (the agent's function-invoking client times the call), sent with its parentStep.
    private static readonly string[] AgentRun =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-agent"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-agent:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"The agent planner is working."},"replace":true}""",
        """4 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """5 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-agent:status:2","activityType":"status","content":{"step":2,"parentStep":1,"state":"Executing","description":"Waiting for the model gpt-4o to respond."},"replace":true}""",
        """6 {"type":"TEXT_MESSAGE_START","messageId":"plan-1","role":"assistant"}""",
        """7 {"type":"TEXT_MESSAGE_CONTENT","messageId":"plan-1","delta":"Day 1: the fjords."}""",
        """8 {"type":"ACTIVITY_DELTA","messageId":"run-agent:status:2","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received the final answer."}]}""",
        """9 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """10 {"type":"ACTIVITY_DELTA","messageId":"run-agent:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"The agent planner finished."}]}""",
        """11 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """12 {"type":"TEXT_MESSAGE_END","messageId":"plan-1"}""",
        """13 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-agent","outcome":{"type":"success"}}""",
    ];
}
