using ReadmeExamples;
using Rx.StatusTracking.Client.Tests.Docs;
using Rx.StatusTracking.Console.Tests.Support;
using Spectre.Console;

namespace Rx.StatusTracking.Console.Tests.Docs;

public class ReadmeConsoleExampleTests
{
    [Fact]
    public void The_READMEs_console_example_is_the_compiled_one()
    {
        var shown = ReadmeSnippets.Shown("README.md", "## In the terminal");

        Assert.Equal(ReadmeSnippets.Compiled("ReadmeConsoleExample.cs.txt"), shown);
    }

    [Fact]
    public void The_package_READMEs_example_is_the_compiled_one()
    {
        var shown = ReadmeSnippets.Shown("PackageReadme.md");

        Assert.Equal(ReadmeSnippets.Compiled("ReadmeConsoleExample.cs.txt"), shown);
    }

    [Fact]
    public async Task The_example_shows_the_turn_on_the_terminal_or_as_lines_and_ends_with_the_summary()
    {
        using var tracker = new ChatStatusTracker();
        var terminal = new TestConsole().Width(120);
        var lines = new StringWriter { NewLine = "\n" };
        var (originalTerminal, originalOut) = (AnsiConsole.Console, System.Console.Out);
        AnsiConsole.Console = terminal;
        System.Console.SetOut(lines);
        try
        {
            await ReadmeConsoleExample.RunAsync(tracker).WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            AnsiConsole.Console = originalTerminal;
            System.Console.SetOut(originalOut);
        }

        // The test host's output is redirected, so the example takes its lines branch; a terminal gets the live view.
        if (System.Console.IsOutputRedirected)
        {
            var written = lines.ToString().Split('\n');
            Assert.Equal(
                ["#1   step 1  Executing", "#2   step 1  Completed", "#3   step 2  Executing", "#4   step 2  Completed", "", "Summary"],
                written.Take(6).Select(l => l.Length > 10 ? l[10..32].TrimEnd() : l));
            Assert.StartsWith("2 steps in ", written[6], StringComparison.Ordinal);
            Assert.Equal("", terminal.Output);
        }
        else
        {
            Assert.Contains("100%  2 completed, 0 failed, 0 running, 0 pending", terminal.Output, StringComparison.Ordinal);
            Assert.Contains("Summary", terminal.Output, StringComparison.Ordinal);
        }
    }

    // The first text block after the heading (the start when null) of a README copied to the output.
    private static string TextBlock(string markdownFile, string? heading = null)
    {
        var text = ReadmeSnippets.Read(markdownFile);
        return (heading is null ? text : text.Split(heading)[1]).Split("```text\n")[1].Split("```")[0];
    }

    [Theory]
    [InlineData("README.md", "## In the terminal")]
    [InlineData("PackageReadme.md", null)]
    public void The_READMEs_tree_is_the_one_the_view_draws(string markdownFile, string? heading)
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);

        // The bar, a row of blocks in colour, is left out of the READMEs.
        var drawn = Drawn.Plain(tracker);
        Assert.Equal(drawn[(drawn.IndexOf('\n', StringComparison.Ordinal) + 1)..], TextBlock(markdownFile, heading));
    }

    [Fact]
    public void The_READMEs_status_lines_are_the_ones_the_writer_writes()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);
        var lines = Drawn.Lines(tracker);

        var section = ReadmeSnippets.Read("README.md").Split("## In the terminal")[1].Split("\n## ")[0].ReplaceLineEndings(" ");
        Assert.Contains($"(`{lines[2]}`)", section, StringComparison.Ordinal);
        Assert.Contains($"(`{lines[3]}`)", section, StringComparison.Ordinal);
    }
}
