namespace StreamAgg.Integration.Tests.Postgres.Embedded;

/// <summary>A private temp root, so a test's sweep or listing never meets other tests' clusters.</summary>
internal sealed class ScratchRoot : IDisposable
{
    public ScratchRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "streamagg-pgtest-" + Guid.NewGuid().ToString("N")[..12]);
        // Default mode (0777 less the umask) leaves it traversable by the postgres user when tests run as root.
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
