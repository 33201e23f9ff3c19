using BenchmarkDotNet.Running;
using Rx.StatusTracking.Benchmarks.Web;

// Micro benchmarks: dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- --filter '*'
// Web load figure:  dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- web-load [--help]
if (args is ["web-load", .. var rest])
{
    return await WebLoad.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
