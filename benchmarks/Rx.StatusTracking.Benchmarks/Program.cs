using BenchmarkDotNet.Running;
using Rx.StatusTracking.Benchmarks.Redis;
using Rx.StatusTracking.Benchmarks.Web;

// Micro benchmarks: dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- --filter '*'
// Web load figure:  dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- web-load [--help]
//                   (it starts this executable again as web-load-server and web-load-clients)
// Redis latency:    dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- redis-latency [--seconds 5]
// Redis scale:      dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- redis-scale [--operations 10000]
return args switch
{
    ["web-load", .. var rest] => await WebLoad.RunAsync(rest),
    ["web-load-server", .. var rest] => await LoadServer.RunAsync(rest),
    ["web-load-clients", .. var rest] => await LoadClients.RunAsync(rest),
    ["redis-latency", .. var options] => await RedisLatency.RunAsync(options),
    ["redis-scale", .. var options] => await RedisScale.RunAsync(options),
    ["redis-scale-mirror", .. var options] => await RedisScaleMirror.RunAsync(options),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
