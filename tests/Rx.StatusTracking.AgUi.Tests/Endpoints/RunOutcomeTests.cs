using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.AgUi.Tests.Support;

namespace Rx.StatusTracking.AgUi.Tests.Endpoints;

public class RunOutcomeTests
{
    [Fact]
    public async Task A_failing_model_ends_the_run_with_RUN_ERROR_and_nothing_after_it()
    {
        using var hub = new StatusHub();
        var model = new ScriptedChatClient().ThenStream(Failing);
        await using var server = await AgUiServer.StartAsync(hub, model);

        var events = await RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", Failed), string.Join("\n", events));
    }

    [Fact]
    public async Task A_tool_call_waiting_for_approval_ends_the_run_with_an_interrupt_naming_the_call()
    {
        using var hub = new StatusHub();
        var options = new AgUiEndpointOptions { Tools = { new ApprovalRequiredAIFunction(Turns.WebSearch) } };
        await using var server = await AgUiServer.StartAsync(hub, Turns.SearchThenAnswer(), options);

        var events = await RunAsync(server, "run-1");

        Assert.Equal(string.Join("\n", Interrupted), string.Join("\n", events));
    }

    [Fact]
    public async Task A_run_sending_more_than_MaxEventsPerRun_events_is_cancelled_with_RUN_ERROR()
    {
        using var hub = new StatusHub();
        var chunks = Enumerable.Range(1, 40).Select(i => new ChatResponseUpdate(ChatRole.Assistant, $"{i} ") { MessageId = "msg-1" }).ToArray();
        await using var server = await AgUiServer.StartAsync(hub, new ScriptedChatClient().ThenStream(chunks), new AgUiEndpointOptions { MaxEventsPerRun = 16 });

        var events = await RunAsync(server, "run-1");

        Assert.Equal(17, events.Count);
        Assert.Equal(Enumerable.Range(1, 17).Select(i => $"{i}"), events.Select(e => e.Id));
        Assert.Equal(
            """{"type":"RUN_ERROR","message":"The run sent more events than the endpoint keeps (AgUiEndpointOptions.MaxEventsPerRun) and was cancelled.","code":"too_many_events"}""",
            events[^1].Data);
    }

    [Fact]
    public async Task A_run_sending_more_than_MaxBytesPerRun_bytes_of_events_is_cancelled_with_RUN_ERROR_too_large()
    {
        using var hub = new StatusHub();
        var text = new string('x', 10_000);
        var chunks = Enumerable.Range(1, 10).Select(_ => new ChatResponseUpdate(ChatRole.Assistant, text) { MessageId = "msg-1" }).ToArray();
        var options = new AgUiEndpointOptions { MaxBytesPerRun = 64 * 1024 };
        await using var server = await AgUiServer.StartAsync(hub, new ScriptedChatClient().ThenStream(chunks), options);

        var events = await RunAsync(server, "run-1");

        // Six chunks fit in 64 KiB with the events before them; the seventh does not, and nothing but the end comes after.
        Assert.Equal(
            ["RUN_STARTED", "STEP_STARTED", "ACTIVITY_SNAPSHOT", "TEXT_MESSAGE_START", .. Enumerable.Repeat("TEXT_MESSAGE_CONTENT", 6), "RUN_ERROR"],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"{i}"), events.Select(e => e.Id));
        Assert.True(events.SkipLast(1).Sum(e => System.Text.Encoding.UTF8.GetByteCount(e.Data)) <= 64 * 1024);
        Assert.Equal(
            """{"type":"RUN_ERROR","message":"The run sent more event data than the endpoint keeps (AgUiEndpointOptions.MaxBytesPerRun) and was cancelled.","code":"too_large"}""",
            events[^1].Data);
    }

    internal static async Task<List<AgUiEvent>> RunAsync(AgUiServer server, string runId)
    {
        using var response = await server.Client.SendAsync(AgUiStream.Post(server.Endpoint, AgUiStream.Input(runId)), HttpCompletionOption.ResponseHeadersRead);
        return await AgUiStream.ReadAsync(response);
    }

    // "It is ", then the model throws.
    internal static async IAsyncEnumerable<ChatResponseUpdate> Failing([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "It is ") { MessageId = "msg-1" };
        throw new InvalidOperationException("The model is down.");
    }

    // The step fails with the error; the open text message needs no end after RUN_ERROR.
    private static readonly string[] Failed =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Waiting for the OpenAI model to respond."},"replace":true}""",
        """4 {"type":"TEXT_MESSAGE_START","messageId":"msg-1","role":"assistant"}""",
        """5 {"type":"TEXT_MESSAGE_CONTENT","messageId":"msg-1","delta":"It is "}""",
        """6 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Failed"},{"op":"replace","path":"/description","value":"The model call failed: The model is down."},{"op":"add","path":"/error","value":{"type":"System.InvalidOperationException","message":"The model is down."}}]}""",
        """7 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """8 {"type":"RUN_ERROR","message":"The model is down.","code":"System.InvalidOperationException"}""",
    ];

    // The call waiting for approval is sent as a tool call, its step stays AwaitingInput in its activity, and is closed
    // before RUN_FINISHED, whose interrupt names the call.
    private static readonly string[] Interrupted =
    [
        """1 {"type":"RUN_STARTED","threadId":"thread-1","runId":"run-1"}""",
        """2 {"type":"STEP_STARTED","stepName":"step-1"}""",
        """3 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:1","activityType":"status","content":{"step":1,"state":"Executing","description":"Waiting for the OpenAI model to respond."},"replace":true}""",
        """4 {"type":"TOOL_CALL_START","toolCallId":"call-1","toolCallName":"web_search","parentMessageId":"msg-1"}""",
        """5 {"type":"TOOL_CALL_ARGS","toolCallId":"call-1","delta":"{\"query\":\"Oslo weather\"}"}""",
        """6 {"type":"TOOL_CALL_END","toolCallId":"call-1"}""",
        """7 {"type":"ACTIVITY_DELTA","messageId":"run-1:status:1","activityType":"status","patch":[{"op":"replace","path":"/state","value":"Completed"},{"op":"replace","path":"/description","value":"Received a response from the model."}]}""",
        """8 {"type":"STEP_FINISHED","stepName":"step-1"}""",
        """9 {"type":"STEP_STARTED","stepName":"step-2"}""",
        """10 {"type":"ACTIVITY_SNAPSHOT","messageId":"run-1:status:2","activityType":"status","content":{"step":2,"state":"AwaitingInput","description":"The web_search tool is waiting for approval."},"replace":true}""",
        """11 {"type":"STEP_FINISHED","stepName":"step-2"}""",
        """12 {"type":"RUN_FINISHED","threadId":"thread-1","runId":"run-1","outcome":{"type":"interrupt","interrupts":[{"id":"call-1","reason":"tool_approval","message":"The web_search tool is waiting for approval.","toolCallId":"call-1"}]},"usage":[{"provider":"openai","model":"gpt-4o","inputTokens":10,"outputTokens":5,"totalTokens":15}]}""",
    ];
}
