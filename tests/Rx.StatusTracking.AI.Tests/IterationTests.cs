using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TestTools;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary><see cref="ModelCallData.Iteration"/> counts the model calls of one request, whatever the request sends.</summary>
public class IterationTests
{
    private static readonly string[] ThreeModelCalls =
    [
        $"1 Completed {ChatStatusMessages.ReceivedResponse} 1",
        $"3 Completed {ChatStatusMessages.ReceivedResponse} 2",
        $"5 Completed {ChatStatusMessages.ReceivedFinal} 3",
    ];

    private static string[] ModelCalls(TrackedPipeline pipeline) =>
        [.. pipeline.Seen.Where(s => s is { Data: ModelCallData, State: StatusState.Completed }).Select(s => $"{s.Step} {s.State} {s.Description} {((ModelCallData)s.Data!).Iteration}")];

    private static ScriptedChatClient TwoRoundsOfTools(string? conversationId) =>
        new ScriptedChatClient(conversationId: conversationId)
            .Then(Call("c1", "web_search", new() { ["query"] = "a" }))
            .Then(Call("c2", "web_search", new() { ["query"] = "b" }))
            .Then(new TextContent("done"));

    private static ScriptedChatClient TwoStreamedRoundsOfTools(string? conversationId) =>
        new ScriptedChatClient(conversationId: conversationId)
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, [Call("c1", "web_search", new() { ["query"] = "a" })]))
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, [Call("c2", "web_search", new() { ["query"] = "b" })]))
            .ThenStream(new ChatResponseUpdate(ChatRole.Assistant, "done"));

    [Theory]
    [InlineData(null, false)]
    [InlineData("conversation-1", false)]
    [InlineData(null, true)]
    [InlineData("conversation-1", true)]
    public async Task Iterations_count_the_model_calls_of_a_request_whether_or_not_the_service_keeps_the_conversation(string? conversationId, bool streamed)
    {
        var model = streamed ? TwoStreamedRoundsOfTools(conversationId) : TwoRoundsOfTools(conversationId);
        var pipeline = Build(model);

        Assert.Equal("done", await pipeline.AskAsync("search twice", new ChatOptions { Tools = [WebSearch] }, streamed));

        // With a conversation id the function-invocation client sends only the new tool results.
        Assert.Equal(conversationId is null ? [1, 3, 5] : [1, 1, 1], model.Requests.Select(r => r.Count));
        Assert.Equal(ThreeModelCalls, ModelCalls(pipeline));
    }

    [Fact]
    public async Task Each_request_on_the_same_conversation_counts_from_one_again()
    {
        var model = new ScriptedChatClient(conversationId: "conversation-1")
            .Then(Call("c1", "web_search", new() { ["query"] = "a" }))
            .Then(new TextContent("first"))
            .Then(new TextContent("second"));
        var pipeline = Build(model);
        var options = new ChatOptions { Tools = [WebSearch] };

        var first = await pipeline.Client.GetResponseAsync("search", options);
        options.ConversationId = first.ConversationId;
        await pipeline.Client.GetResponseAsync("and now?", options);

        Assert.Equal(
            [
                $"1 Completed {ChatStatusMessages.ReceivedResponse} 1",
                $"3 Completed {ChatStatusMessages.ReceivedFinal} 2",
                $"4 Completed {ChatStatusMessages.ReceivedFinal} 1",
            ],
            ModelCalls(pipeline));
        Assert.Equal(ChatStatusMessages.WaitingOpenAI, pipeline.Seen.Single(s => s is { Step: 4, State: StatusState.Executing }).Description);
    }
}
