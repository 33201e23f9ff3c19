namespace Rx.StatusTracking.Client.Tests.Docs;

/// <summary>
/// A README example and its compiled twin: the compiled file marks its usings (<c>// README:usings</c> … <c>// README:end</c>)
/// and its body (<c>// README:begin</c> … <c>// README:end</c>, indented 8); the README shows both in one C# block.
/// The one README-snippet reader of the tests, linked into every test project that checks a README example.
/// </summary>
internal static class ReadmeSnippets
{
    public static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)).Replace("\r", "", StringComparison.Ordinal);

    /// <summary>The example as the README should show it, from the compiled file copied to the output as <paramref name="file"/>.</summary>
    public static string Compiled(string file)
    {
        var source = Read(file);
        var usings = source.Split("// README:usings\n")[1].Split("// README:end")[0];
        var body = source.Split("// README:begin\n")[1].Split("        // README:end")[0]
            .Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart());
        return usings + "\n" + string.Join('\n', body);
    }

    /// <summary>
    /// The first C# block of <paramref name="markdownFile"/> after <paramref name="heading"/> (the start when null) and,
    /// when given, after <paramref name="lead"/> within that heading's section.
    /// </summary>
    public static string Shown(string markdownFile, string? heading = null, string? lead = null)
    {
        var text = Read(markdownFile);
        var section = heading is null ? text : text.Split(heading)[1];
        if (lead is not null)
        {
            section = section.Split("\n## ")[0].Split(lead)[1];
        }

        return section.Split("```csharp\n")[1].Split("```")[0];
    }
}
