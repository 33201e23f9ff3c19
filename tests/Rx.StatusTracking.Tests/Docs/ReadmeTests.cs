using System.Text.RegularExpressions;

namespace Rx.StatusTracking.Tests.Docs;

public partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

    [Fact]
    public void The_README_example_is_the_compiled_example()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExample.cs.txt"));
        var compiled = Dedent(source.Split("// README:begin")[1].Split("// README:end")[0]);
        var shown = CSharpBlock().Match(Readme).Groups["code"].Value;

        Assert.Equal(compiled, Dedent(shown.Split("using Rx.StatusTracking;")[1]));
    }

    [Fact]
    public void The_README_example_runs_and_prints_its_statuses_and_summary()
    {
        var lines = Printed(ReadmeExample.Run).Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("#1 step 1 Executing: Analyzing your question.", lines[0]);
        Assert.Equal("#3 step 2 Executing: Running the web_search tool.", lines[2]);
        Assert.Equal("#4 step 2 Failed: The web_search tool failed: The search engine did not answer.", lines[3]);
        Assert.Equal("#6 step 2 Completed: The web_search tool finished.", lines[5]);
        Assert.StartsWith("2 steps in ", lines[6], StringComparison.Ordinal);
        Assert.EndsWith("2 completed, 0 failed, 0 executing, 0 pending (success rate 100%)", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_gives_exactly_the_two_setup_commands()
    {
        var setUp = Readme.Split("## Set up")[1].Split("\n## ")[0];
        var commands = ShellBlock().Matches(setUp).SelectMany(m => m.Groups["code"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        Assert.Equal(["dotnet run --project src/Rx.StatusTracking.Demo", "dotnet test Rx.StatusTracking.sln"], commands);
    }

    // What an example writes to the console.
    private static string Printed(Action example)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            example();
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    private static string Dedent(string code)
    {
        var lines = code.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("```sh\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
