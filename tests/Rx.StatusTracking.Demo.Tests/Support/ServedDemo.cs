using System.Diagnostics;
using System.Globalization;

namespace Rx.StatusTracking.Demo.Tests.Support;

/// <summary>
/// The demo's <c>--serve</c> as a user runs it: a child process on a free loopback port, its address read from the
/// banner it prints first; stopped the way Ctrl+C or a service manager stops it (SIGTERM), killed if a test fails first.
/// </summary>
internal sealed class ServedDemo : IAsyncDisposable
{
    private readonly Process _process;

    private ServedDemo(Process process, string banner)
    {
        _process = process;
        Banner = banner;
        Address = new Uri(banner.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>The first line the demo printed (the dashboard's address and the endpoints').</summary>
    public string Banner { get; }

    /// <summary>The server's base address (http://127.0.0.1:port/).</summary>
    public Uri Address { get; }

    /// <summary>Reads the next line the demo prints.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) => _process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();

    /// <summary>Starts <c>--serve --port 0</c> with the further <paramref name="options"/>.</summary>
    public static async Task<ServedDemo> StartAsync(CancellationToken cancellationToken, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Rx.StatusTracking.Demo.dll"), "--serve", "--port", "0" }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync(cancellationToken);
            return new ServedDemo(process, banner ?? throw new InvalidOperationException($"The demo printed nothing: {await process.StandardError.ReadToEndAsync(cancellationToken)}"));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit.</summary>
    /// <returns>The exit code and what the demo printed after the lines already read.</returns>
    public async Task<(int ExitCode, string Output)> StopAsync(CancellationToken cancellationToken)
    {
        using (Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
        }

        var rest = await _process.StandardOutput.ReadToEndAsync(cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
        return (_process.ExitCode, rest);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
