// README:usings
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Rx.StatusTracking;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.Mcp;
// README:end

namespace ReadmeExamples;

/// <summary>The README's MCP example, compiled; <c>ReadmeMcpExampleTests</c> keeps the two equal and runs it.</summary>
internal static class ReadmeMcpExample
{
    public static async Task<ChatResponse> RunAsync(Func<McpServerTool, Task<McpClient>> serve, IChatClient model, ChatStatusTracker tracker)
    {
        // README:begin
        // Server: a tool that runs tracked work; its caller gets progress notifications (0/3, 1/3, ... with the step's text).
        var research = McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> request, string question, CancellationToken cancellationToken) =>
            {
                using var work = new ChatStatusTracker();
                var progress = work.SendMcpProgressAsync(request, new McpProgressOptions { ExpectedSteps = 3 }, cancellationToken);
                var answer = Research(work, question); // your work: steps 1 to 3, then work.Complete()
                await progress; // every notification is written before the result
                return answer;
            },
            new McpServerToolCreateOptions { Name = "research" });

        // Client: the tracked chat pipeline shows each MCP tool call's progress on the call's step.
        await using var mcp = await serve(research); // an McpServer with the tool, and an McpClient connected to it
        IList<McpClientTool> tools = await mcp.ListToolsAsync();
        using var chat = new ChatClientBuilder(model)
            .UseStatusTracking(tracker, options => options.TrackMcpToolProgress(tracker))
            .Build();
        var response = await chat.GetResponseAsync("What is new?", new ChatOptions { Tools = [.. tools] });
        // README:end
        return response;
    }

    // The README's "your work": three steps, then the tracker completes.
    private static string Research(ChatStatusTracker work, string question)
    {
        work.Executing(1, "Searching the web");
        work.Completed(1, "Searched the web");
        work.Executing(2, "Reading the pages");
        work.Completed(2, "Read the pages");
        work.Executing(3, "Writing the answer");
        work.Completed(3, "Answer written");
        work.Complete();
        return $"The answer to '{question}'";
    }
}
