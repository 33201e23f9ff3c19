using System.Globalization;

namespace Rx.StatusTracking.Demo;

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions(bool Help, bool Agents, bool Fast, bool Json, bool Serve, int Port)
{
    public const int DefaultPort = 5080;

    public const string Usage = """
        Rx.StatusTracking demo. By default, one simulated chat turn (analyze the query, call the model, run
        three tools in parallel: web search, API call, database lookup; the API call fails once and is
        retried; receive the final answer), shown live, then its summary.

        With --agents, a multi-agent run on Microsoft Agent Framework over a scripted model instead: a
        planner agent asks a researcher agent (its ask_researcher tool), which calls a web_search tool; then
        the workflow "review" has a writer draft the answer and a reviewer check it, waits for an editor's
        approval (given after a moment) and publishes it. Its steps form a tree: the researcher's run is a
        child of the planner's tool call, the executors and the approval children of the workflow.

        Usage: dotnet run --project src/Rx.StatusTracking.Demo [-- options]

        Options:
          --agents      run the multi-agent scenario instead of the chat turn (in every mode below)
          --fast        run in virtual time (instant, same timeline)
          --json        print the status stream as JSON lines (the web and Redis contract)
          --serve       instead of the console run, serve the status endpoints and the live
                        dashboard on http://127.0.0.1:5080, producing sample runs until Ctrl+C
                        (chat turns turn-1, turn-2, ...; with --agents, agent runs agents-1, ...),
                        MCP at /mcp (Streamable HTTP): its tool chat_turn runs a turn
                        (mcp-1, ...) and reports its progress to the caller, and AG-UI at
                        POST /agui: each run is a turn, streamed to an agent front end
          --port <n>    the port for --serve (0 picks a free one)
          --help        show this text

        On a terminal the run is a live view with a progress bar; when output is redirected
        (or NO_COLOR is set) it is plain lines, then the summary, which lists each child step
        under its parent. Ctrl+C stops an agent run: its running steps end Failed (cancelled).

        Exit codes: 0 done, 2 unknown or contradictory options, 3 the --serve port is in use.
        """;

    /// <summary>Parses the arguments; returns an error message for anything unknown or contradictory.</summary>
    public static (DemoOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions(Help: false, Agents: false, Fast: false, Json: false, Serve: false, Port: DefaultPort);
        var portGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h" or "-?":
                    options = options with { Help = true };
                    break;
                case "--agents":
                    options = options with { Agents = true };
                    break;
                case "--fast":
                    options = options with { Fast = true };
                    break;
                case "--json":
                    options = options with { Json = true };
                    break;
                case "--serve":
                    options = options with { Serve = true };
                    break;
                case "--port":
                    if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65_535)
                    {
                        return (null, "--port needs a port number from 0 to 65535.");
                    }

                    options = options with { Port = port };
                    portGiven = true;
                    i++;
                    break;
                default:
                    return (null, $"Unknown option '{args[i]}'. Run with --help to see the options.");
            }
        }

        if (options.Help)
        {
            return (options, null);
        }

        if (options.Serve && options.Fast)
        {
            return (null, "--fast and --serve do not go together: a server runs on the real clock.");
        }

        if (options.Serve && options.Json)
        {
            return (null, "--json and --serve do not go together: the server serves the statuses as JSON itself (GET /status/{id}).");
        }

        if (portGiven && !options.Serve)
        {
            return (null, "--port only applies with --serve.");
        }

        return (options, null);
    }
}
