using System.Globalization;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>The web-load command's options.</summary>
internal sealed record LoadSettings(
    IReadOnlyList<LoadScenario> Scenarios,
    IReadOnlyList<string> Implementations,
    int WarmupSeconds,
    int ColdSeconds,
    int DrainSeconds,
    int IdleConnections,
    IReadOnlyDictionary<string, string> ServerEnvironment)
{
    public const string Usage =
        "web-load [--impl ours|ours-ws|plain|signalr] [--clients 200] [--rate 10000] [--seconds 10] [--warmup 5] [--cold 5] [--drain 5]\n" +
        "         [--server-env NAME=VALUE]...  (for the server process, e.g. DOTNET_TieredCompilation=0 or DOTNET_ReadyToRun=0,\n" +
        "                                       or WEB_LOAD_PACING_MS=0 to turn ours' pacing off)\n" +
        "web-load --idle 10000 [--server-env NAME=VALUE]...\n" +
        "Without --clients, --rate or --seconds: 200 x 1,000/s, 200 x 10,000/s and 20 x 10,000/s, 10 s each; without --impl: all four.\n" +
        "--cold 0 or --warmup 0 skips that run.";

    /// <summary>Parses the options; <see langword="null"/> when one is unknown or not a whole number (the impl aside).</summary>
    public static LoadSettings? Parse(IReadOnlyList<string> args)
    {
        var implementations = LoadImplementation.All;
        int? clients = null, rate = null, seconds = null;
        int warmup = 5, cold = 5, drain = 5, idle = 0;
        var environment = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (args[i] == "--server-env")
            {
                if (args[i + 1].Split('=', 2) is not [{ Length: > 0 } name, var setting])
                {
                    return null;
                }

                environment[name] = setting;
                continue;
            }

            if (args[i] == "--impl")
            {
                if (!LoadImplementation.All.Contains(args[i + 1]))
                {
                    return null;
                }

                implementations = [args[i + 1]];
                continue;
            }

            if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            switch (args[i])
            {
                case "--clients": clients = Math.Max(1, value); break;
                case "--rate": rate = Math.Max(1, value); break;
                case "--seconds": seconds = Math.Max(1, value); break;
                case "--warmup": warmup = value; break;
                case "--cold": cold = value; break;
                case "--drain": drain = value; break;
                case "--idle": idle = Math.Max(1, value); break;
                default: return null;
            }
        }

        if (args.Count % 2 != 0)
        {
            return null;
        }

        var scenarios = clients is null && rate is null && seconds is null
            ? LoadScenario.Defaults
            : [new LoadScenario(clients ?? 200, rate ?? 10_000, seconds ?? 10)];
        return new LoadSettings(scenarios, implementations, warmup, cold, drain, idle, environment);
    }
}
