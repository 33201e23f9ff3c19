using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Rx.StatusTracking.Demo.Tests.Support;

namespace Rx.StatusTracking.Demo.Tests;

/// <summary>Runs the built demo as a real process with redirected output, as CI and pipes see it.</summary>
public class DemoProcessTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunDemoAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rx.StatusTracking.Demo.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task The_demo_runs_a_turn_in_real_time_and_prints_plain_lines_when_redirected()
    {
        var (exitCode, output, error) = await RunDemoAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.DoesNotContain('\u001b', output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(17, lines.Count(l => l.StartsWith("[+", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.EndsWith("step 4  Failed     The weather_api tool failed: HTTP 503 Service Unavailable.  (System.Net.Http.HttpRequestException)", StringComparison.Ordinal));
        Assert.Contains("Summary", lines);
        Assert.Contains(lines, l => l.StartsWith("6 steps in ", StringComparison.Ordinal) && l.EndsWith("6 completed, 0 failed, 0 executing, 0 pending (success rate 100%)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("#4 Completed The API call is complete.", StringComparison.Ordinal) && l.EndsWith("2 attempts)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fast_mode_prints_the_exact_virtual_timeline()
    {
        var (exitCode, output, _) = await RunDemoAsync("--fast");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("[+ 0.00s] #1   step 1  Executing  Analyzing your question.", lines[0]);
        Assert.Equal(17, lines.Count(l => l.StartsWith("[+", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Agents_fast_prints_the_exact_tree_run_as_plain_lines_then_the_summary_with_children_indented()
    {
        var (exitCode, output, error) = await RunDemoAsync("--agents", "--fast");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Equal(
            [
                "[+ 0.00s] #1   step 1  Executing  The agent planner is working.",
                "[+ 0.00s] #2   step 2 in 1  Executing  Waiting for the model to respond.",
                "[+ 0.68s] #3   step 2 in 1  Completed  Received a response from the model.",
                "[+ 0.68s] #4   step 3 in 1  Executing  Running the ask_researcher tool.",
                "[+ 0.68s] #5   step 4 in 3  Executing  The agent researcher is working.",
                "[+ 0.68s] #6   step 5 in 4  Executing  Waiting for the model to respond.",
                "[+ 1.34s] #7   step 5 in 4  Completed  Received a response from the model.",
                "[+ 1.34s] #8   step 6 in 4  Executing  Running the web_search tool.",
                "[+ 2.29s] #9   step 6 in 4  Completed  The web_search tool finished.",
                "[+ 2.29s] #10  step 7 in 4  Executing  Sending the tool results back to the model.",
                "[+ 2.98s] #11  step 7 in 4  Completed  Received the final answer.",
                "[+ 2.98s] #12  step 4 in 3  Completed  The agent researcher finished.",
                "[+ 2.98s] #13  step 3 in 1  Completed  The ask_researcher tool finished.",
                "[+ 2.98s] #14  step 8 in 1  Executing  Sending the tool results back to the model.",
                "[+ 3.65s] #15  step 8 in 1  Completed  Received the final answer.",
                "[+ 3.65s] #16  step 1  Completed  The agent planner finished.",
                "[+ 3.65s] #17  step 9  Executing  Running the workflow review.",
                "[+ 3.65s] #18  step 10 in 9  Executing  The writer executor is running.",
                "[+ 4.91s] #19  step 10 in 9  Completed  The writer executor finished.",
                "[+ 4.91s] #20  step 11 in 9  Executing  The reviewer executor is running.",
                "[+ 5.69s] #21  step 11 in 9  Completed  The reviewer executor finished.",
                "[+ 5.69s] #22  step 12 in 9  Executing  The approval executor is running.",
                "[+ 5.69s] #23  step 13 in 9  AwaitingInput  Waiting for input on approval.",
                "[+ 7.39s] #24  step 12 in 9  Completed  The approval executor finished.",
                "[+ 7.39s] #25  step 13 in 9  Completed  The input on approval arrived.",
                "[+ 7.39s] #26  step 14 in 9  Executing  The approval executor is running.",
                "[+ 7.39s] #27  step 14 in 9  Completed  The approval executor finished.",
                "[+ 7.39s] #28  step 15 in 9  Executing  The publish executor is running.",
                "[+ 7.39s] #29  step 15 in 9  Completed  The publish executor finished.",
                "[+ 7.39s] #30  step 9  Completed  The workflow review finished.",
                "",
                "Summary",
                "15 steps in 7.39 s: 15 completed, 0 failed, 0 executing, 0 pending (success rate 100%)",
                "  #1 Completed The agent planner finished. (3.65 s, 1 attempt)",
                "    #2 Completed Received a response from the model. (675 ms, 1 attempt)",
                "    #3 Completed The ask_researcher tool finished. (2.30 s, 1 attempt)",
                "      #4 Completed The agent researcher finished. (2.30 s, 1 attempt)",
                "        #5 Completed Received a response from the model. (667 ms, 1 attempt)",
                "        #6 Completed The web_search tool finished. (943 ms, 1 attempt)",
                "        #7 Completed Received the final answer. (693 ms, 1 attempt)",
                "    #8 Completed Received the final answer. (672 ms, 1 attempt)",
                "  #9 Completed The workflow review finished. (3.74 s, 1 attempt)",
                "    #10 Completed The writer executor finished. (1.26 s, 1 attempt)",
                "    #11 Completed The reviewer executor finished. (776 ms, 1 attempt)",
                "    #12 Completed The approval executor finished. (1.70 s, 1 attempt)",
                "    #13 Completed The input on approval arrived. (1.70 s, 0 attempts)",
                "    #14 Completed The approval executor finished. (0 ms, 1 attempt)",
                "    #15 Completed The publish executor finished. (0 ms, 1 attempt)",
            ],
            output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Agents_json_carries_each_steps_parent_and_the_wait_for_input()
    {
        var (exitCode, output, error) = await RunDemoAsync("--agents", "--fast", "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var statuses = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(StatusJson.Deserialize).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), statuses.Select(s => s.Sequence));
        Assert.Equal(
            [(1, null), (2, 1), (3, 1), (4, 3), (5, 4), (6, 4), (7, 4), (8, 1), (9, null), (10, 9), (11, 9), (12, 9), (13, 9), (14, 9), (15, 9)],
            statuses.Select(s => (s.Step, s.ParentStep)).Distinct());
        Assert.Equal((13, StatusState.AwaitingInput), (statuses[22].Step, statuses[22].State));
        Assert.Contains("\"parentStep\":3", output.Split('\n')[4], StringComparison.Ordinal);
        Assert.Contains("\"state\":\"AwaitingInput\"", output.Split('\n')[22], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_an_agent_run_whose_running_steps_end_cancelled_and_the_summary_still_prints()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rx.StatusTracking.Demo.dll"));
        start.ArgumentList.Add("--agents");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var process = Process.Start(start)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.EndsWith("step 1  Executing  The agent planner is working.", first, StringComparison.Ordinal);

            using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
            }

            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("step 1  Failed     The agent planner failed: cancelled.", rest, StringComparison.Ordinal);
            Assert.DoesNotContain("Running the workflow", rest, StringComparison.Ordinal);
            Assert.Contains("\nSummary\n", rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Help_explains_the_options()
    {
        var (exitCode, output, _) = await RunDemoAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        foreach (var option in new[] { "--agents", "--fast", "--json", "--serve", "--port", "--help" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--serve --fast", "--fast and --serve do not go together: a server runs on the real clock.")]
    [InlineData("--serve --json", "--json and --serve do not go together: the server serves the statuses as JSON itself (GET /status/{id}).")]
    [InlineData("--port 8080", "--port only applies with --serve.")]
    [InlineData("--agents --serve --fast", "--fast and --serve do not go together: a server runs on the real clock.")]
    [InlineData("--agents --serve --json", "--json and --serve do not go together: the server serves the statuses as JSON itself (GET /status/{id}).")]
    [InlineData("--agents --port 0", "--port only applies with --serve.")]
    [InlineData("--serve --port", "--port needs a port number from 0 to 65535.")]
    [InlineData("--serve --port 70000", "--port needs a port number from 0 to 65535.")]
    [InlineData("--serve --port -1", "--port needs a port number from 0 to 65535.")]
    public async Task Contradictory_or_incomplete_options_get_a_clear_message_and_exit_code_2(string args, string message)
    {
        var (exitCode, output, error) = await RunDemoAsync(args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal(message, error.Trim());
    }

    [Fact]
    public async Task Json_prints_one_status_per_line_in_the_wire_contract()
    {
        var (exitCode, output, error) = await RunDemoAsync("--json", "--fast");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var statuses = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(StatusJson.Deserialize).ToList();
        Assert.Equal(Enumerable.Range(1, 17).Select(i => (long)i), statuses.Select(s => s.Sequence));
        Assert.Equal("The weather_api tool failed: HTTP 503 Service Unavailable.", Assert.Single(statuses, s => s.State == StatusState.Failed).Description);
        Assert.Equal("System.Net.Http.HttpRequestException", statuses.Single(s => s.State == StatusState.Failed).Error!.Type);
        Assert.Equal((6, StatusState.Completed), (statuses[^1].Step, statuses[^1].State));
    }

    [Theory]
    [InlineData("", "turn-1", "turn-1: 6 steps in ", "\"step\":6,")]
    [InlineData("--agents", "agents-1", "agents-1: 15 steps in ", "\"step\":4,\"parentStep\":3,")]
    public async Task Serve_serves_the_dashboard_and_live_operations_until_it_is_told_to_stop(string mode, string firstId, string firstEnded, string inSnapshot)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var demo = await ServedDemo.StartAsync(timeout.Token, mode.Length > 0 ? [mode] : []);
        Assert.Equal("127.0.0.1", demo.Address.Host);
        using var client = new HttpClient { BaseAddress = demo.Address };

        var page = await client.GetStringAsync(new Uri("/", UriKind.Relative), timeout.Token);
        Assert.Contains("<title>Status dashboard</title>", page, StringComparison.Ordinal);

        // The first sample operation runs to its end and is then listed as completed.
        var finished = await demo.ReadLineAsync(timeout.Token);
        Assert.StartsWith(firstEnded, finished, StringComparison.Ordinal);
        Assert.EndsWith(" 0 failed, 0 executing, 0 pending (success rate 100%)", finished, StringComparison.Ordinal);
        var snapshot = await client.GetStringAsync(new Uri($"/status/{firstId}", UriKind.Relative), timeout.Token);
        Assert.Contains("\"state\":\"Completed\"", snapshot, StringComparison.Ordinal);
        Assert.Contains(inSnapshot, snapshot, StringComparison.Ordinal);

        var (exitCode, rest) = await demo.StopAsync(timeout.Token);
        Assert.Equal(0, exitCode);
        Assert.Contains("Stopping.", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_a_busy_port_says_so_in_one_line_and_exits_with_code_3()
    {
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            var port = ((IPEndPoint)busy.LocalEndpoint).Port;

            var (exitCode, output, error) = await RunDemoAsync("--serve", "--port", port.ToString(CultureInfo.InvariantCulture));

            Assert.Equal(3, exitCode);
            Assert.Equal("", output);
            Assert.Equal($"Port {port} is already in use; pass --port N to use another (0 picks a free one).\n", error);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task A_bad_option_gets_a_clear_message_and_exit_code_2()
    {
        var (exitCode, output, error) = await RunDemoAsync("--frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal("Unknown option '--frobnicate'. Run with --help to see the options.", error.Trim());
    }
}
