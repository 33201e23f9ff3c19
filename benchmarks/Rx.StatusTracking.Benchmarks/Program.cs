using BenchmarkDotNet.Running;
using Rx.StatusTracking.Benchmarks.Redis;
using Rx.StatusTracking.Benchmarks.Web;

// Micro benchmarks: dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- --filter '*'
// Web load figure:  dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- web-load [--help]
// Redis latency:    dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- redis-latency [--seconds 5]
if (args is ["web-load", .. var rest])
{
    return await WebLoad.RunAsync(rest);
}

if (args is ["redis-latency", .. var options])
{
    return await RedisLatency.RunAsync(options);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
