using System.Text.RegularExpressions;

namespace Rx.StatusTracking.Tests.Docs;

// The README section on nested steps, waiting for input and a step's progress: its example is the compiled one and prints what it says.
public partial class ReadmeTests
{
    private const string NestedSection = "## Nested steps, waiting for input and a step's progress";

    [Fact]
    public void The_README_nested_steps_example_is_the_compiled_example()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeNestedExample.cs.txt"));
        var compiled = Dedent(source.Split("// README:begin")[1].Split("// README:end")[0]);
        var section = Readme.Split(NestedSection)[1].Split("\n## ")[0];

        Assert.Equal(compiled, Dedent(CSharpBlock().Match(section).Groups["code"].Value.Split("using Rx.StatusTracking;")[1]));
    }

    [Fact]
    public void The_README_nested_steps_example_prints_the_tree_its_percent_and_the_waiting_step()
    {
        var printed = Printed(ReadmeNestedExample.Run).Replace("\r", "", StringComparison.Ordinal).TrimEnd().Split('\n');
        var shown = TextBlock().Match(Readme.Split(NestedSection)[1]).Groups["text"].Value.TrimEnd().Split('\n');

        // Durations are the machine's: the README's "…" stands for them.
        Assert.Equal(shown.Length, printed.Length);
        for (var i = 0; i < shown.Length; i++)
        {
            Assert.Matches("^" + string.Join(@"[0-9.]+ m?s", shown[i].Split('…').Select(Regex.Escape)) + "$", printed[i]);
        }
    }

    [GeneratedRegex("```text\\n(?<text>.*?)```", RegexOptions.Singleline)]
    private static partial Regex TextBlock();
}
