using Microsoft.Extensions.AI;
using ReadmeExamples;
using Rx.StatusTracking.AI;
using Rx.StatusTracking.AI.Tests;
using Rx.StatusTracking.Client.Tests.Docs;
using Rx.StatusTracking.Mcp.Tests.Support;

namespace Rx.StatusTracking.Mcp.Tests.Docs;

public sealed class ReadmeMcpExampleTests
{
    [Fact]
    public void The_READMEs_MCP_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeMcpExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Model Context Protocol"));
    }

    [Fact]
    public void The_package_READMEs_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeMcpExample.cs.txt"), ReadmeSnippets.Shown("PackageReadme.md"));
    }

    [Fact]
    public async Task The_example_sends_rising_progress_before_the_result_and_the_pipeline_gets_the_answer()
    {
        InMemoryMcp? mcp = null;
        using var tracker = new ChatStatusTracker();
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call-1", "research", new Dictionary<string, object?> { ["question"] = "What is new?" }))
            .Then(new TextContent("Here is what is new."));

        try
        {
            var response = await ReadmeMcpExample.RunAsync(
                async tool => (mcp = await InMemoryMcp.StartAsync(tool)).Client,
                model,
                tracker).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal("Here is what is new.", response.Text);
            var toolResult = model.Requests[^1].SelectMany(message => message.Contents).OfType<FunctionResultContent>().Single();
            Assert.Contains("The answer to 'What is new?'", toolResult.Result?.ToString(), StringComparison.Ordinal);
            Assert.Equal(StatusState.Completed, tracker.History.Last(status => status.Data is ToolCallData).State);

            // The work is one quick burst: the first figure passes at once, the last when the work completes; a slow
            // machine may let a window's newest through in between, always rising.
            var wire = mcp!.Wire.Lines();
            Assert.Equal("progress 0/3 Searching the web", wire[0]);
            Assert.Equal(["progress 3/3 Answer written", "result"], wire[^2..]);
            var figures = wire[..^1].Select(line => double.Parse(line.Split(' ')[1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(figures.Order().Distinct(), figures);
        }
        finally
        {
            if (mcp is not null)
            {
                await mcp.DisposeAsync();
            }
        }
    }
}
