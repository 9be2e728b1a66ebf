namespace StreamAgg.Processor.Tests.State;

/// <summary>A fresh folder for a test's state stores, deleted afterwards.</summary>
internal sealed class TemporaryStateDirectory : IDisposable
{
    public TemporaryStateDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "streamagg-state-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // A test removed it (a lost state directory).
        }
    }
}
