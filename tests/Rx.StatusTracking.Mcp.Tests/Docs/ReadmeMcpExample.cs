// README:usings
// Packages: Rx.StatusTracking.Mcp (brings Rx.StatusTracking, Rx.StatusTracking.AI and ModelContextProtocol.Core 2.4.0).
// To host the server: ModelContextProtocol 2.4.0 (stdio, AddMcpServer) or ModelContextProtocol.AspNetCore 2.4.0
// (Streamable HTTP, MapMcp); a client over HTTP connects with HttpClientTransport.
using Microsoft.Extensions.AI;          // IChatClient, ChatClientBuilder (Microsoft.Extensions.AI)
using ModelContextProtocol.Client;      // McpClient, McpClientTool
using ModelContextProtocol.Protocol;    // CallToolRequestParams
using ModelContextProtocol.Server;      // McpServerTool, RequestContext
using Rx.StatusTracking;                // ChatStatusTracker
using Rx.StatusTracking.AI;             // UseStatusTracking
using Rx.StatusTracking.Mcp;            // SendMcpProgressAsync, TrackMcpToolProgress
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
                var answer = Research(work, question); // your work: reports steps 1 to 3 on work, then work.Complete()
                await progress; // every notification is written before the result
                return answer;
            },
            new McpServerToolCreateOptions { Name = "research" });

        // Client: the tracked chat pipeline shows each MCP tool call's progress on the call's step.
        // serve: yours, an McpServer offering the tool (McpServerOptions.ToolCollection) and an McpClient connected to
        // it: in one process over two System.IO.Pipelines pipes (StreamServerTransport, StreamClientTransport), or
        // app.MapMcp() on the server and McpClient.CreateAsync(new HttpClientTransport(...)) on the client.
        // model: your model's IChatClient, without UseFunctionInvocation(); tracker: the turn's (e.g. hub.Create(id)).
        await using var mcp = await serve(research);
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
