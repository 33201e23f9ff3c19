using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TestTools;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>
/// Approval answers stay in the conversation after they were acted on. The function-invocation client skips every answer
/// whose call id has a result, so with one id for every call a later call of that id is never run: the tracking says so,
/// and never applies an old answer to a newer call.
/// </summary>
public class SharedCallIdApprovalTests
{
    // As documented: how many calls of one tracking session may wait for an approval at once.
    private const int MaxAwaitingApproval = 1024;

    private static readonly string[] FirstRequest =
    [
        $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
        $"1 Completed {ChatStatusMessages.ReceivedResponse}",
        $"2 AwaitingInput {ChatStatusMessages.ToolAwaitingApproval("delete_file")}",
    ];

    // The first call was rejected; the model, sent the rejection, asks for a second call.
    private static readonly string[] SecondCallAsked =
    [
        .. FirstRequest,
        $"2 Failed {ChatStatusMessages.ToolFailed("delete_file", "not run: its approval was rejected")}",
        $"3 Executing {ChatStatusMessages.SendingToolResults}",
        $"3 Completed {ChatStatusMessages.ReceivedResponse}",
        $"4 AwaitingInput {ChatStatusMessages.ToolAwaitingApproval("delete_file")}",
    ];

    [Fact]
    public async Task A_later_call_reusing_an_answered_id_fails_as_never_run_not_as_rejected_by_the_old_answer()
    {
        var (pipeline, conversation, options) = await AskTwiceAsync(secondCallId: "same");

        // The first answer (a rejection) names call id "same" again in the third request, as does the new approval; the
        // function-invocation client acts on neither, because "same" has a result, and the model never sees the call.
        await AnswerLastAsync(pipeline, conversation, options, approved: true);

        Assert.Equal(
            [
                .. SecondCallAsked,
                $"4 Failed {ChatStatusMessages.ToolFailed("delete_file", "not run: its call id already has a result in the conversation")}",
                $"5 Executing {ChatStatusMessages.SendingToolResults}",
                $"5 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((5, 3, 2, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task An_old_answer_in_the_conversation_leaves_a_newer_call_of_another_id_to_its_own_answer()
    {
        var (pipeline, conversation, options) = await AskTwiceAsync(secondCallId: "other");

        await AnswerLastAsync(pipeline, conversation, options, approved: true);

        Assert.Equal(
            [
                .. SecondCallAsked,
                $"4 Executing {ChatStatusMessages.ExecutingTool("delete_file")}",
                $"4 Completed {ChatStatusMessages.ToolCompleted("delete_file")}",
                $"5 Executing {ChatStatusMessages.SendingToolResults}",
                $"5 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(pipeline.Seen));
        Assert.Equal((5, 4, 1, 0, 0, 0), pipeline.Counts());
    }

    [Fact]
    public async Task Past_the_bound_the_oldest_call_waiting_for_an_approval_is_no_longer_tracked_and_runs_on_a_new_step_if_approved()
    {
        // A model that asks for an approval-required call again and again, each time in a new conversation; the first
        // conversation is answered at the end.
        var model = new ScriptedChatClient();
        for (var i = 0; i <= MaxAwaitingApproval; i++)
        {
            model.Then(Call($"c{i}", "delete_file", new() { ["path"] = $"/tmp/{i}" }));
        }

        model.Then(new TextContent("Deleted /tmp/0."));
        var pipeline = Build(model);
        var options = new ChatOptions { Tools = [DeleteFile] };
        List<ChatMessage> first = [new(ChatRole.User, "clean up")];
        first.AddRange((await pipeline.Client.GetResponseAsync(first, options)).Messages);
        for (var i = 1; i <= MaxAwaitingApproval; i++)
        {
            await pipeline.Client.GetResponseAsync("clean up", options);
        }

        // Each request took a model step and a tool step: the first tool step (2) was given up to make room for the last.
        var last = 2 * (MaxAwaitingApproval + 1);
        Assert.Equal(
            [
                $"{last - 1} Completed {ChatStatusMessages.ReceivedResponse}",
                $"2 Failed {ChatStatusMessages.ToolFailed("delete_file", "no longer tracked: more than 1024 calls waited for an approval")}",
                $"{last} AwaitingInput {ChatStatusMessages.ToolAwaitingApproval("delete_file")}",
            ],
            Show(pipeline.Seen)[^3..]);
        Assert.Equal((last, last / 2, 1, 0, 0, MaxAwaitingApproval), pipeline.Counts());

        // The function-invocation client still runs it when approved: on a step of its own.
        await AnswerLastAsync(pipeline, first, options, approved: true);
        Assert.Equal(
            [
                $"{last + 1} Executing {ChatStatusMessages.ExecutingTool("delete_file")}",
                $"{last + 1} Completed {ChatStatusMessages.ToolCompleted("delete_file")}",
                $"{last + 2} Executing {ChatStatusMessages.SendingToolResults}",
                $"{last + 2} Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(pipeline.Seen)[^4..]);
    }

    private static async Task<(TrackedPipeline Pipeline, List<ChatMessage> Conversation, ChatOptions Options)> AskTwiceAsync(string secondCallId)
    {
        var model = new ScriptedChatClient()
            .Then(Call("same", "delete_file", new() { ["path"] = "/tmp/x" }))
            .Then(Call(secondCallId, "delete_file", new() { ["path"] = "/tmp/y" }))
            .Then(new TextContent("Deleted /tmp/y."));
        var pipeline = Build(model);
        var options = new ChatOptions { Tools = [DeleteFile] };
        List<ChatMessage> conversation = [new(ChatRole.User, "clean up")];

        var first = await pipeline.Client.GetResponseAsync(conversation, options);
        Assert.Equal(FirstRequest, Show(pipeline.Seen));
        conversation.AddRange(first.Messages);
        await AnswerLastAsync(pipeline, conversation, options, approved: false);
        return (pipeline, conversation, options);
    }

    private static async Task AnswerLastAsync(TrackedPipeline pipeline, List<ChatMessage> conversation, ChatOptions options, bool approved)
    {
        var request = conversation.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Last();
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved)]));
        var response = await pipeline.Client.GetResponseAsync(conversation, options);
        conversation.AddRange(response.Messages);
    }
}
