namespace Rx.StatusTracking.Redis.Tests.Support;

/// <summary>
/// What a README snippet test compares: a compiled example (copied next to the tests as <c>*.cs.txt</c>) as the README shows
/// it, and the block the README shows. Linked into the test projects that check README snippets of their package.
/// </summary>
internal static class ReadmeSnippet
{
    /// <summary>
    /// The README text of a compiled example: its lines between <c>// README:usings</c> and <c>// README:end</c>, a blank
    /// line, then the body between <c>// README:begin</c> and <c>// README:end</c> without its 8 spaces of indentation.
    /// </summary>
    public static string Compiled(string copiedFile)
    {
        var source = Read(copiedFile);
        var usings = source.Split("// README:usings\n")[1].Split("// README:end")[0];
        var body = source.Split("// README:begin\n")[1].Split("        // README:end")[0]
            .Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart());
        return usings + "\n" + string.Join('\n', body);
    }

    /// <summary>The first C# block of a README section (from its heading to the next), after <paramref name="lead"/> when given.</summary>
    public static string Shown(string heading, string? lead = null)
    {
        var section = Read("README.md").Split(heading)[1].Split("\n## ")[0];
        return (lead is null ? section : section.Split(lead)[1]).Split("```csharp\n")[1].Split("```")[0];
    }

    private static string Read(string copiedFile) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, copiedFile)).Replace("\r", "", StringComparison.Ordinal);
}
