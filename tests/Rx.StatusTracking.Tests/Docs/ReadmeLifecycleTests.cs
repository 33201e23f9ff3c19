using System.Text.RegularExpressions;

namespace Rx.StatusTracking.Tests.Docs;

public partial class ReadmeLifecycleTests
{
    [Fact]
    public void The_READMEs_lifecycle_and_bridges_examples_are_the_compiled_ones()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).Replace("\r", "", StringComparison.Ordinal);
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeLifecycleExample.cs.txt")).Replace("\r", "", StringComparison.Ordinal);
        var section = readme.Split("\n## Lifecycle helpers and .NET bridges\n")[1].Split("\n## ")[0];
        var shown = CSharpBlock().Matches(section).Select(m => Dedent(m.Groups["code"].Value)).ToArray();

        Assert.Equal([Region(source, "run"), Region(source, "follow")], shown);
    }

    [Fact]
    public async Task The_example_runs_its_steps_and_the_follower_reads_them_all()
    {
        using var hub = new StatusHub();

        var answer = await ReadmeLifecycleExample.AnswerAsync(hub, "rx", CancellationToken.None);
        Assert.True(hub.TryGet("turn-42", out var tracker));
        var lines = await ReadmeLifecycleExample.FollowAsync(tracker, CancellationToken.None);

        Assert.Equal("rx: 2 pages", answer);
        Assert.Equal(
        [
            "1 Executing: Searching the web.",
            "1 Completed: Found the pages.",
            "2 Executing: Indexing the pages.",
            "2 Executing: Indexing the pages (50%)",
            "2 Executing: Indexing the pages (100%)",
            "2 Completed: Step 2 is complete.",
            "3 Executing: Writing the answer.",
            "3 Completed: Step 3 is complete.",
        ], lines);
    }

    private static string Region(string source, string name) =>
        Dedent(source.Split($"// README:begin {name}\n")[1].Split("// README:end")[0]);

    private static string Dedent(string code)
    {
        var lines = code.Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse().ToList();
        var indent = lines.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
