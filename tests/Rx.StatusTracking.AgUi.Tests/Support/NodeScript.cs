using System.Diagnostics;

namespace Rx.StatusTracking.AgUi.Tests.Support;

/// <summary>
/// Runs the Node scripts copied beside the tests (folder <c>Node/</c>): installs their packages once with <c>npm ci</c>
/// from the committed <c>package.json</c> and <c>package-lock.json</c> (into the output folder, never the sources), then
/// runs <c>node script args…</c> and hands back its exit code and output.
/// </summary>
internal static class NodeScript
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Node");

    public static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, params string[] arguments)
    {
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@ag-ui", "client")))
            {
                var (code, output, error) = await ExecuteAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], TimeSpan.FromMinutes(5));
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

        return await ExecuteAsync("node", [script, .. arguments], TimeSpan.FromMinutes(2));
    }

    private static async Task<(int ExitCode, string Output, string Error)> ExecuteAsync(string command, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Find(command) ?? throw new InvalidOperationException($"{command} is not on the PATH."))
        {
            WorkingDirectory = Folder,
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
