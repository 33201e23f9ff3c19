namespace Rx.StatusTracking.Demo;

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions(bool Help, bool Fast)
{
    public const string Usage = """
        Rx.StatusTracking demo: one simulated chat turn (analyze the query, call the model, run three
        tools in parallel of which one fails and is retried, receive the final answer), printed live,
        then its summary.

        Usage: dotnet run --project src/Rx.StatusTracking.Demo [-- options]

        Options:
          --fast    run the turn in virtual time (instant, same timeline)
          --help    show this text
        """;

    /// <summary>Parses the arguments; returns an error message for anything unknown.</summary>
    public static (DemoOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var help = false;
        var fast = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                case "--fast":
                    fast = true;
                    break;
                default:
                    return (null, $"Unknown option '{arg}'. Run with --help to see the options.");
            }
        }

        return (new DemoOptions(help, fast), null);
    }
}
