using System.Reflection;

namespace Rx.StatusTracking.Tests.Messages;

public class ChatStatusMessagesTests
{
    public static TheoryData<string> Constants() =>
    [
        .. typeof(ChatStatusMessages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Theory]
    [MemberData(nameof(Constants))]
    public void Every_predefined_message_is_a_sentence_for_people(string message)
    {
        Assert.Matches("^[A-Z][^_]*[a-z].*\\.$", message);
        Assert.Contains(" ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void There_are_messages_for_every_phase_of_a_chat_turn() =>
        Assert.Equal(13, Constants().Count);

    [Fact]
    public void Tool_messages_name_the_tool()
    {
        Assert.Equal("The web_search tool is queued.", ChatStatusMessages.ToolQueued("web_search"));
        Assert.Equal("The delete_file tool is waiting for approval.", ChatStatusMessages.ToolAwaitingApproval("delete_file"));
        Assert.Equal("Waiting for the model llama3.1 to respond.", ChatStatusMessages.WaitingForModel(" llama3.1 "));
        Assert.Equal("Waiting for the model to respond.", ChatStatusMessages.WaitingForModel(null));
        Assert.Equal("Running the web_search tool.", ChatStatusMessages.ExecutingTool("web_search"));
        Assert.Equal("The web_search tool finished.", ChatStatusMessages.ToolCompleted(" web_search "));
        Assert.Equal("The weather_api tool failed: HTTP 503.", ChatStatusMessages.ToolFailed("weather_api", "HTTP 503."));
        Assert.Equal("The weather_api tool failed: no details were given.", ChatStatusMessages.ToolFailed("weather_api", " "));
    }

    [Fact]
    public void Tool_messages_need_a_tool_name()
    {
        Assert.Throws<ArgumentNullException>("toolType", () => ChatStatusMessages.ExecutingTool(null!));
        Assert.Throws<ArgumentException>("toolType", () => ChatStatusMessages.ToolCompleted(""));
        Assert.Throws<ArgumentException>("toolType", () => ChatStatusMessages.ToolFailed("\t", "x"));
    }

    [Theory]
    [InlineData(StatusState.Pending, "Step 3 is waiting to start.")]
    [InlineData(StatusState.Executing, "Step 3 is running.")]
    [InlineData(StatusState.Completed, "Step 3 is complete.")]
    [InlineData(StatusState.Failed, "Step 3 failed.")]
    public void ForState_describes_a_step_by_its_state(StatusState state, string expected) =>
        Assert.Equal(expected, ChatStatusMessages.ForState(3, state));
}
