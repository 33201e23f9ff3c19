using Rx.StatusTracking.Demo;
using Spectre.Console;

// The live view needs a real terminal; redirected output (pipes, CI, logs) and NO_COLOR get plain lines.
var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await DemoApp.RunAsync(args, Console.Out, Console.Error, interactive ? AnsiConsole.Console : null, stop.Token).ConfigureAwait(false);
