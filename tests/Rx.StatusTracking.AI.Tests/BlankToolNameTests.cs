using Microsoft.Extensions.AI;
using static Rx.StatusTracking.AI.Tests.TrackedPipeline;

namespace Rx.StatusTracking.AI.Tests;

/// <summary>A model can send a blank tool name; the tracking reports it and never breaks the chat over it.</summary>
public class BlankToolNameTests
{
    [Fact]
    public async Task Blank_tool_names_are_reported_as_a_tool_and_the_chat_completes()
    {
        var blank = AIFunctionFactory.Create(string () => throw new HttpRequestException("HTTP 503"), " ");
        var model = new ScriptedChatClient()
            .Then(Call("c1", " "), Call("c2", string.Empty))
            .Then(new TextContent("Sorry, no tool worked."));
        var pipeline = Build(model);

        var response = await pipeline.Client.GetResponseAsync("go", new ChatOptions { Tools = [blank] });

        Assert.Equal("Sorry, no tool worked.", response.Text);
        Assert.Equal(
            [
                $"1 Executing {ChatStatusMessages.WaitingOpenAI}",
                $"1 Completed {ChatStatusMessages.ReceivedResponse}",
                "2 Pending A tool is queued.",
                "3 Failed A tool failed: not found.",
                "2 Executing Running a tool.",
                "2 Failed A tool failed: HTTP 503.",
                $"4 Executing {ChatStatusMessages.SendingToolResults}",
                $"4 Completed {ChatStatusMessages.ReceivedFinal}",
            ],
            Show(pipeline.Seen));
        Assert.Equal([string.Empty, " "], pipeline.Seen.Where(s => s.State == StatusState.Failed).Select(s => ((ToolCallData)s.Data!).ToolName));
        Assert.Equal((4, 2, 2, 0, 0, 0), pipeline.Counts());
    }
}
