using BenchmarkDotNet.Running;
using StreamAgg.Benchmarks.Batch;
using StreamAgg.Benchmarks.Kafka;

// dotnet run -c Release --project benchmarks/StreamAgg.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/StreamAgg.Benchmarks -- phases [repeats] [rounds]
// dotnet run -c Release --project benchmarks/StreamAgg.Benchmarks -- memory [repeats]
// dotnet run -c Release --project benchmarks/StreamAgg.Benchmarks -- proxy [messages] [rounds]
// dotnet run -c Release --project benchmarks/StreamAgg.Benchmarks -- hll-adds [adds] [rounds]
if (args.Length > 0 && args[0] == "phases")
{
    BatchPhases.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "memory")
{
    StateFootprint.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
    return;
}

if (args.Length > 0 && args[0] == "proxy")
{
    ProxyThroughput.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2);
    return;
}
if (args.Length > 0 && args[0] == "hll-adds")
{
    StreamAgg.Benchmarks.Hll.HllAddThroughput.Run(
        args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
