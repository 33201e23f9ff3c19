using Rx.StatusTracking.Demo;

var useColor = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";
return await DemoApp.RunAsync(args, Console.Out, Console.Error, useColor).ConfigureAwait(false);
