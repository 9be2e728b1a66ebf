using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/StreamAgg.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
