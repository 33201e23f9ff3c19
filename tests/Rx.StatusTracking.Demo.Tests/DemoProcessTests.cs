using System.Diagnostics;

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
    public async Task Help_explains_the_options()
    {
        var (exitCode, output, _) = await RunDemoAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--fast", output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
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
