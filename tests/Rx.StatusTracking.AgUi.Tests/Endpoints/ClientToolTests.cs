using System.Text.Json;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

/// <summary>A call of a tool the client declared (RunAgentInput.tools): the client runs it, so the run ends with the call.</summary>
public class ClientToolTests
{
    [Fact]
    public async Task A_call_of_a_client_tool_ends_the_run_with_the_call_and_its_step_is_not_shown_as_failed()
    {
        using var hub = new StatusHub();
        var model = new ScriptedChatClient().ThenStream(
            new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call-1", "get_location", new Dictionary<string, object?>())]) { MessageId = "msg-1", ModelId = "gpt-4o" });
        await using var server = await AgUiServer.StartAsync(hub, model);

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, Input), HttpCompletionOption.ResponseHeadersRead);
        var events = await AgUiStream.ReadAsync(response);

        Assert.Equal(string.Join("\n", Expected), string.Join("\n", events));
        // The hub keeps what the tracking recorded (status endpoints and dashboard show it).
        var step = hub.TryGet("run-1", out var tracker) ? tracker.GetSummary().Steps[1] : null;
        Assert.Equal((StatusState.Failed, "The get_location tool failed: not run: the request returned it to the caller."), (step!.State, step.Description));
    }

    private static readonly string Input = JsonSerializer.Serialize(new
    {
        threadId = "thread-1",
        runId = "run-1",
        messages = new object[] { new { id = "user-1", role = "user", content = "Where am I?" } },
        tools = new object[] { new { name = "get_location", description = "The user's location, from the browser.", parameters = new { type = "object", properties = new { } } } },
    });

    // The tracking queues the call (step 2) and, as the request hands it back unrun, ends it "not run": the client runs
    // it, so its step is left out and the call reaches the client as TOOL_CALL events only; the run succeeds with it.
    private static readonly string[] Expected =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Waiting for the OpenAI model to respond."},"replace":true}""",
        """4 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received a response from the model."}]}""",
        """5 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """6 {"type":"TOOL_CALL_START","toolCallId":"call-1","toolCallName":"get_location","parentMessageId":"msg-1"}""",
        """7 {"type":"TOOL_CALL_ARGS","toolCallId":"call-1","delta":"{}"}""",
        """8 {"type":"TOOL_CALL_END","toolCallId":"call-1"}""",
        """9 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"success"}}""",
    ];
}
