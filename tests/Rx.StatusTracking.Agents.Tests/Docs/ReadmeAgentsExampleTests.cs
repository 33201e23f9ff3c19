using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Rx.StatusTracking.Agents.Tests.Support;
using Rx.StatusTracking.Client.Tests.Docs;

namespace Rx.StatusTracking.Agents.Tests.Docs;

public sealed class ReadmeAgentsExampleTests
{
    private static readonly string Readme =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).Replace("\r", "", StringComparison.Ordinal);

    private static string Section => Readme.Split("## Agents and workflows (Rx.StatusTracking.Agents)")[1].Split("\n## ")[0];

    [Fact]
    public void The_READMEs_agents_example_is_the_compiled_one()
    {
        Assert.Equal(ReadmeSnippets.Compiled("ReadmeAgentsExample.cs.txt"), ReadmeSnippets.Shown("README.md", "## Agents and workflows (Rx.StatusTracking.Agents)"));
    }

    [Fact]
    public async Task The_example_reports_the_statuses_the_README_shows()
    {
        using var recording = new Recording();
        var model = new ScriptedChatClient()
            .Then(new FunctionCallContent("call1", "search", new Dictionary<string, object?> { ["query"] = "Oslo sights" }))
            .ThenText("Day 1: the Opera House.");
        var search = AIFunctionFactory.Create((string query) => "The Opera House, the Munch museum.", "search");
        var writer = new ChatClientAgent(new ScriptedChatClient().ThenText("A travel note."), name: "writer");
        var reviewer = new ChatClientAgent(new ScriptedChatClient().ThenText("Approved."), name: "reviewer");

        await ReadmeAgentsExample.RunAsync(model, search, writer, reviewer, recording.Tracker);

        var shown = Section.Split("```text\n")[1].Split("```")[0].TrimEnd('\n').Split('\n');
        Assert.Equal(shown, recording.Tracker.History.Select(s => $"#{s.Sequence} step {Recording.Line(s)}"));
    }
}
