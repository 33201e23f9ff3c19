using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class EventSequenceTests
{
    [Fact]
    public async Task A_scripted_turn_streams_its_run_steps_tool_call_and_answer_in_order()
    {
        using var hub = new StatusHub();
        var options = new AgUiEndpointOptions();
        options.Tools.Add(Turns.WebSearch);
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), options);

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input("run-1")), HttpCompletionOption.ResponseHeadersRead);
        var events = await AgUiStream.ReadAsync(response);

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(string.Join("\n", Expected), string.Join("\n", events));
    }

    // The run's events, each with its SSE id. The tracking below the function-invocation client sees the model's
    // response (and queues the tool call) before that client passes the update on, so step 2 opens before TOOL_CALL_START.
    internal static readonly string[] Expected =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Waiting for the OpenAI model to respond."},"replace":true}""",
        """4 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received a response from the model."}]}""",
        """5 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """6 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """7 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:2","activityType":"status","content":{"step":2,"state":"Pending","description":"The web_search tool is queued."},"replace":true}""",
        """8 {"type":"TOOL_CALL_START","toolCallId":"call-1","toolCallName":"web_search","parentMessageId":"msg-1"}""",
        """9 {"type":"TOOL_CALL_ARGS","toolCallId":"call-1","delta":"{\"query\":\"Oslo weather\"}"}""",
        """10 {"type":"TOOL_CALL_END","toolCallId":"call-1"}""",
        """11 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:2","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Executing"},{"op":"replace","path":"/description","value":"Running the web_search tool."}]}""",
        """12 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:2","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"The web_search tool finished."}]}""",
        """13 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """14 {"type":"TOOL_CALL_RESULT","messageId":"run-1:result:1","toolCallId":"call-1","content":"Sunny, 21 °C","role":"tool"}""",
        """15 {"type":"STEP_STARTED","stepName":"step-3"}""",
        """16 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:3","activityType":"status","content":{"step":3,"state":"Executing","description":"Sending the tool results back to the model."},"replace":true}""",
        """17 {"type":"TEXT_MESSAGE_START","messageId":"msg-2","role":"assistant"}""",
        """18 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-2","delta":"It is sunny"}""",
        """19 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-2","delta":", 21 °C."}""",
        """20 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:3","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received the final answer."}]}""",
        """21 {"type":"STEP_FINISHED","stepName":"step-3"}""",
        """22 {"type":"TEXT_MESSAGE_END","messageId":"msg-2"}""",
        """23 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"success"},"usage":[{"provider":"openai","model":"gpt-4o","inputTokens":40,"outputTokens":13,"totalTokens":53}]}""",
    ];
}
