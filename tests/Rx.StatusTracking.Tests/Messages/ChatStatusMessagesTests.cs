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
        Assert.Equal(15, Constants().Count);

    [Fact]
    public void Lifecycle_messages_name_the_step_and_read_a_blank_reason_as_no_details()
    {
        Assert.Equal("Step 3 failed: timeout.", ChatStatusMessages.StepFailed(3, " timeout. "));
        Assert.Equal("Step 3 failed: no details were given.", ChatStatusMessages.StepFailed(3, " "));
        Assert.Equal("Step 3 was cancelled.", ChatStatusMessages.StepCancelled(3));
        Assert.Equal("Step 3 did not run: the operation failed.", ChatStatusMessages.StepNotRun(3, "the operation failed"));
        Assert.Equal("Step 3 did not finish: no details were given.", ChatStatusMessages.StepNotFinished(3, null));
        Assert.Equal("The operation failed: the database is down.", ChatStatusMessages.OperationFailed("the database is down."));
        Assert.Equal("The operation failed: no details were given.", ChatStatusMessages.OperationFailed(""));
        Assert.Equal("The operation was cancelled.", ChatStatusMessages.OperationCancelled);
    }

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
    public void A_blank_tool_name_from_a_model_gets_a_neutral_sentence_not_an_exception()
    {
        Assert.Equal("Running a tool.", ChatStatusMessages.ExecutingTool(""));
        Assert.Equal("Running a tool.", ChatStatusMessages.ExecutingTool(null));
        Assert.Equal("A tool is queued.", ChatStatusMessages.ToolQueued(" "));
        Assert.Equal("A tool is waiting for approval.", ChatStatusMessages.ToolAwaitingApproval("\n"));
        Assert.Equal("A tool finished.", ChatStatusMessages.ToolCompleted(""));
        Assert.Equal("A tool failed: HTTP 503.", ChatStatusMessages.ToolFailed("\t", "HTTP 503"));
        Assert.Equal("A tool failed: no details were given.", ChatStatusMessages.ToolFailed(null, null));
    }

    [Fact]
    public void A_lenient_tracker_records_a_blank_tool_name_as_a_neutral_step()
    {
        using var tracker = new ChatStatusTracker();
        var errors = new List<StatusTrackingError>();
        tracker.Errors.Subscribe(errors.Add);

        var running = tracker.Executing(1, ChatStatusMessages.ExecutingTool(""));
        var done = tracker.Completed(1, ChatStatusMessages.ToolCompleted(""));

        Assert.Equal(["Running a tool.", "A tool finished."], [running.Description, done.Description]);
        Assert.Equal([1L, 2L], [running.Sequence, done.Sequence]);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(StatusState.Pending, "Step 3 is waiting to start.")]
    [InlineData(StatusState.Executing, "Step 3 is running.")]
    [InlineData(StatusState.Completed, "Step 3 is complete.")]
    [InlineData(StatusState.Failed, "Step 3 failed.")]
    [InlineData(StatusState.AwaitingInput, "Step 3 is waiting for input.")]
    public void ForState_describes_a_step_by_its_state(StatusState state, string expected) =>
        Assert.Equal(expected, ChatStatusMessages.ForState(3, state));
}
