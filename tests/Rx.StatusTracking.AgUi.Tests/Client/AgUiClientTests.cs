using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Client;

/// <summary>The endpoint against the official TypeScript client, <c>@ag-ui/client</c> 1.0.0's <c>HttpAgent</c>, run by Node.</summary>
public class AgUiClientTests
{
    [NodeFact]
    public async Task The_official_client_accepts_the_whole_stream_and_builds_the_answer_the_tool_call_and_the_step_activities()
    {
        using var hub = new StatusHub();
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), new AgUiEndpointOptions { Tools = { Turns.WebSearch } });

        var (exitCode, output, error) = await NodeScript.RunAsync("agui-client.mjs", server.Endpoint.ToString(), "run-node", "What is the weather in Oslo?");

        // Exit code 0: runAgent resolved, so the client's verification accepted every event in its order.
        Assert.True(exitCode == 0, $"node exited with {exitCode}:\n{output}\n{error}");
        Assert.Equal(SearchThenAnswer, output.Trim());
    }

    [NodeFact]
    public async Task The_official_client_reads_a_tool_call_waiting_for_approval_as_an_interrupt()
    {
        using var hub = new StatusHub();
        var options = new AgUiEndpointOptions { Tools = { new Microsoft.Extensions.AI.ApprovalRequiredAIFunction(Turns.WebSearch) } };
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), options);

        var (exitCode, output, error) = await NodeScript.RunAsync("agui-client.mjs", server.Endpoint.ToString(), "run-node", "What is the weather in Oslo?");

        Assert.True(exitCode == 0, $"node exited with {exitCode}:\n{output}\n{error}");
        Assert.Equal(Interrupted, output.Trim());
    }

    // What the client saw and built: every event type in order, the status activities' states after each change (the
    // deltas applied by the client itself), the outcome with the usage, and the conversation with the activity messages.
    private const string SearchThenAnswer =
        """
        {"types":["RUN_STARTED","STEP_STARTED","ACTIVITY_SNAPSHOT","ACTIVITY_DELTA","STEP_FINISHED","STEP_STARTED","ACTIVITY_SNAPSHOT","TOOL_CALL_START","TOOL_CALL_ARGS","TOOL_CALL_END","ACTIVITY_DELTA","ACTIVITY_DELTA","STEP_FINISHED","TOOL_CALL_RESULT","STEP_STARTED","ACTIVITY_SNAPSHOT","TEXT_MESSAGE_START","TEXT_MESSAGE_CONTENT","TEXT_MESSAGE_CONTENT","ACTIVITY_DELTA","STEP_FINISHED","TEXT_MESSAGE_END","RUN_FINISHED"],"activityStates":["1:Executing","1:Completed","1:Completed,2:Pending","1:Completed,2:Executing","1:Completed,2:Completed","1:Completed,2:Completed,3:Executing","1:Completed,2:Completed,3:Completed"],"outcome":{"outcome":"success","usage":[{"provider":"openai","model":"gpt-4o","inputTokens":40,"outputTokens":13,"totalTokens":53}]},"messages":[{"role":"user","id":"user-1","content":"What is the weather in Oslo?"},{"role":"activity","id":"run-node:status:1","activityType":"status","content":{"step":1,"state":"Completed","description":"Received a response from the model."}},{"role":"activity","id":"run-node:status:2","activityType":"status","content":{"step":2,"state":"Completed","description":"The web_search tool finished."}},{"role":"assistant","id":"msg-1","toolCalls":[{"id":"call-1","name":"web_search","arguments":"{\"query\":\"Oslo weather\"}"}]},{"role":"tool","id":"run-node:result:1","content":"Sunny, 21 °C","toolCallId":"call-1"},{"role":"activity","id":"run-node:status:3","activityType":"status","content":{"step":3,"state":"Completed","description":"Received the final answer."}},{"role":"assistant","id":"msg-2","content":"It is sunny, 21 °C."}],"newMessages":6}
        """;

    private const string Interrupted =
        """
        {"types":["RUN_STARTED","STEP_STARTED","ACTIVITY_SNAPSHOT","TOOL_CALL_START","TOOL_CALL_ARGS","TOOL_CALL_END","ACTIVITY_DELTA","STEP_FINISHED","STEP_STARTED","ACTIVITY_SNAPSHOT","STEP_FINISHED","RUN_FINISHED"],"activityStates":["1:Executing","1:Completed","1:Completed,2:AwaitingInput"],"outcome":{"outcome":"interrupt","usage":[{"provider":"openai","model":"gpt-4o","inputTokens":10,"outputTokens":5,"totalTokens":15}],"interrupts":[{"id":"call-1","reason":"tool_approval","message":"The web_search tool is waiting for approval.","toolCallId":"call-1"}]},"messages":[{"role":"user","id":"user-1","content":"What is the weather in Oslo?"},{"role":"activity","id":"run-node:status:1","activityType":"status","content":{"step":1,"state":"Completed","description":"Received a response from the model."}},{"role":"assistant","id":"msg-1","toolCalls":[{"id":"call-1","name":"web_search","arguments":"{\"query\":\"Oslo weather\"}"}]},{"role":"activity","id":"run-node:status:2","activityType":"status","content":{"step":2,"state":"AwaitingInput","description":"The web_search tool is waiting for approval."}}],"newMessages":3}
        """;
}
