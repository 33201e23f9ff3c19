using System.Diagnostics;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// This benchmark executable started again as a child (server or clients) that answers one stdout line per stdin
/// command; its stderr goes to ours. Disposing asks it to quit, and kills it if it does not within five seconds.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Starts the current executable with <paramref name="arguments"/> (through <c>dotnet</c> and this assembly's path when run that way).</summary>
    public static ChildProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The current executable's path is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{arguments[0]} did not start."), arguments[0]);
    }

    /// <summary>The child's next line.</summary>
    public async Task<string> ReadLineAsync() =>
        await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"{_name} exited (code {(_process.HasExited ? _process.ExitCode : -1)}).");

    /// <summary>Sends one command and returns the child's answer.</summary>
    public async Task<string> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await ReadLineAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
