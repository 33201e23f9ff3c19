using System.Diagnostics;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>
/// Runs the Node scripts copied beside the tests (a folder of the output, <c>Node/</c> unless told): installs their
/// packages once with <c>npm ci</c> from the committed <c>package.json</c> and <c>package-lock.json</c> (into the output
/// folder, never the sources), then runs <c>node script args…</c> and hands back its exit code and output. The one Node
/// runner of the tests: the AG-UI, MCP and demo tests link it.
/// </summary>
internal static class NodeScript
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>The output folder the scripts of the test project are copied to.</summary>
    public const string DefaultFolder = "Node";

    public static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string script, params string[] arguments) =>
        RunInAsync(DefaultFolder, script, arguments);

    /// <summary>Runs <paramref name="script"/> of the output folder <paramref name="folder"/> (which holds its package files).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunInAsync(string folder, string script, params string[] arguments)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, folder);
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules")))
            {
                var (code, output, error) = await ExecuteAsync(directory, "npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], TimeSpan.FromMinutes(5));
                if (code != 0)
                {
                    throw new InvalidOperationException($"npm ci failed ({code}):\n{output}\n{error}");
                }
            }
        }
        finally
        {
            Install.Release();
        }

        return await ExecuteAsync(directory, "node", [script, .. arguments], TimeSpan.FromMinutes(2));
    }

    private static async Task<(int ExitCode, string Output, string Error)> ExecuteAsync(string directory, string command, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Find(command) ?? throw new InvalidOperationException($"{command} is not on the PATH."))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', arguments)} did not end within {timeout}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
