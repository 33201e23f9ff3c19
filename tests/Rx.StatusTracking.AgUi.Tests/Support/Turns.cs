using Microsoft.Extensions.AI;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>The scripted turns the tests run: a model that searches, then answers.</summary>
internal static class Turns
{
    public static AIFunction WebSearch { get; } = AIFunctionFactory.Create((string query) => "Sunny, 21 °C", "web_search", "Searches the web.");

    /// <summary>The model asks for one web search, then answers in two chunks; each call reports its token usage.</summary>
    public static ScriptedChatClient SearchThenAnswer() => new ScriptedChatClient()
        .ThenStream(
            new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call-1", "web_search", new Dictionary<string, object?> { ["query"] = "Oslo weather" })]) { MessageId = "msg-1", ModelId = "gpt-4o" },
            new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 })]) { MessageId = "msg-1", ModelId = "gpt-4o" })
        .ThenStream(
            new ChatResponseUpdate(ChatRole.Assistant, "It is sunny") { MessageId = "msg-2", ModelId = "gpt-4o" },
            new ChatResponseUpdate(ChatRole.Assistant, ", 21 °C.") { MessageId = "msg-2", ModelId = "gpt-4o" },
            new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 30, OutputTokenCount = 8, TotalTokenCount = 38 })]) { MessageId = "msg-2", ModelId = "gpt-4o" });
}
