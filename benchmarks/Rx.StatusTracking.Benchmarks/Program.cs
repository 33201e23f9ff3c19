using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Rx.StatusTracking.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
