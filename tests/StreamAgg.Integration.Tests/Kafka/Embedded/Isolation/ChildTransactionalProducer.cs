using System.Diagnostics;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation;

// A transactional producer in an OS process of its own (tests/StreamAgg.Testing.TransactionalProducer):
// it opens a transaction, writes its records and waits, so that a test can kill it with SIGKILL
// in the middle of the transaction, as a crashed instance dies.
internal sealed class ChildTransactionalProducer : IDisposable
{
    private readonly Process _process;

    private ChildTransactionalProducer(Process process) => _process = process;

    // Starts the child and returns once its records are on the broker (it printed "flushed").
    public static ChildTransactionalProducer Start(string bootstrapServers, string topic, string transactionalId, int count, int? transactionTimeoutMs = null)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "StreamAgg.Testing.TransactionalProducer.dll");
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { program, bootstrapServers, topic, transactionalId, count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        if (transactionTimeoutMs is { } timeout)
        {
            info.ArgumentList.Add(timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var child = new ChildTransactionalProducer(Process.Start(info) ?? throw new InvalidOperationException("the child producer did not start"));
        var line = child._process.StandardOutput.ReadLineAsync();
        if (!line.Wait(KafkaRecords.Patience) || line.Result != "flushed")
        {
            child.Dispose();
            throw new InvalidOperationException($"the child producer did not flush: {child._process.StandardError.ReadToEnd()}");
        }

        return child;
    }

    // SIGKILL: no chance to abort, flush or close anything.
    public void KillNine()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillNine();
        }

        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
