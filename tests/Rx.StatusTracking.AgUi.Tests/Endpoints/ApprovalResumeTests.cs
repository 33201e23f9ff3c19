using System.Text.Json;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class ApprovalResumeTests
{
    [Fact]
    public async Task A_resume_entry_answering_the_interrupt_runs_the_approved_call_in_the_next_run()
    {
        using var hub = new StatusHub();
        var model = Turns.SearchThenAnswer();
        var options = new AgUiEndpointOptions { Tools = { new ApprovalRequiredAIFunction(Turns.WebSearch) } };
        await using var server = await AgUiServer.StartAsync(hub, model, options);
        await RunOutcomeTests.RunAsync(server, "run-1");

        // What a client sends next: the conversation it built (the call, no result) and its answer to the interrupt.
        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, Next("resolved")), HttpCompletionOption.ResponseHeadersRead);
        var events = await AgUiStream.ReadAsync(response);

        Assert.Equal(string.Join("\n", Approved), string.Join("\n", events));
        Assert.Equal(
            ["user: TextContent", "assistant: FunctionCallContent", "tool: FunctionResultContent"],
            model.Requests[1].Select(m => $"{m.Role}: {string.Join(", ", m.Contents.Select(c => c.GetType().Name))}"));
    }

    [Fact]
    public async Task A_cancelled_resume_entry_rejects_the_call_which_is_answered_as_rejected_without_running()
    {
        using var hub = new StatusHub();
        var ran = 0;
        var search = AIFunctionFactory.Create((string query) => { ran++; return "Sunny"; }, "web_search");
        var options = new AgUiEndpointOptions { Tools = { new ApprovalRequiredAIFunction(search) } };
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), options);
        await RunOutcomeTests.RunAsync(server, "run-1");

        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, Next("cancelled")), HttpCompletionOption.ResponseHeadersRead);
        var events = await AgUiStream.ReadAsync(response);

        // The function-invocation client answers the call as rejected (its step waited in the previous run's tracker).
        Assert.Equal(0, ran);
        Assert.Equal(
            """2 {"type":"TOOL_CALL_RESULT","messageId":"run-2:result:1","toolCallId":"call-1","content":"Tool call invocation was rejected by the approver and must not be retried.","role":"tool"}""",
            events[1].ToString());
        Assert.Equal("RUN_FINISHED", events[^1].Type);
    }

    private static string Next(string status) => JsonSerializer.Serialize(new
    {
        threadId = "thread-1",
        runId = "run-2",
        messages = new object[]
        {
            new { id = "user-1", role = "user", content = "What is the weather in Oslo?" },
            new { id = "msg-1", role = "assistant", toolCalls = new[] { new { id = "call-1", type = "function", function = new { name = "web_search", arguments = """{"query":"Oslo weather"}""" } } } },
        },
        resume = new[] { new { interruptId = "call-1", status } },
    });

    // The call is not announced again (the client has it); it runs on a step of this run, and the model answers.
    private static readonly string[] Approved =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-2"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-2:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Running the web_search tool."},"replace":true}""",
        """4 {"type":"ACTIVITY_DELTA","messageId":"run-2:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"The web_search tool finished."}]}""",
        """5 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """6 {"type":"TOOL_CALL_RESULT","messageId":"run-2:result:1","toolCallId":"call-1","content":"Sunny, 21 °C","role":"tool"}""",
        """7 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """8 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-2:status:2","activityType":"status","content":{"step":2,"state":"Executing","description":"Sending the tool results back to the model."},"replace":true}""",
        """9 {"type":"TEXT_MESSAGE_START","messageId":"msg-2","role":"assistant"}""",
        """10 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-2","delta":"It is sunny"}""",
        """11 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-2","delta":", 21 °C."}""",
        """12 {"type":"ACTIVITY_DELTA","messageId":"run-2:status:2","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received the final answer."}]}""",
        """13 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """14 {"type":"TEXT_MESSAGE_END","messageId":"msg-2"}""",
        """15 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-2","outcome":{"type":"success"},"usage":[{"provider":"openai","model":"gpt-4o","inputTokens":30,"outputTokens":8,"totalTokens":38}]}""",
    ];
}
