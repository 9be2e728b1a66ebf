namespace StreamAgg.Dev.Postgres;

/// <summary>How <see cref="EmbeddedPostgres.StartAsync"/> builds its throwaway cluster.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>Where initdb, pg_ctl and postgres live (Debian's PostgreSQL 15 by default).</summary>
    public string BinDirectory { get; init; } = "/usr/lib/postgresql/15/bin";

    /// <summary>
    /// Parent of the cluster's temporary directory. It must be traversable by the
    /// <see cref="OsUser"/> when running as root.
    /// </summary>
    public string TempRoot { get; init; } = Path.GetTempPath();

    /// <summary>The database created after start, and named by <see cref="EmbeddedPostgres.ConnectionString"/>.</summary>
    public string DatabaseName { get; init; } = "streamagg";

    /// <summary>Create the <c>hll</c> extension in <see cref="DatabaseName"/> (postgresql-15-hll).</summary>
    public bool CreateHllExtension { get; init; } = true;

    /// <summary>The operating-system user that owns the cluster when this process runs as root.</summary>
    public string OsUser { get; init; } = "postgres";

    /// <summary>How long initdb, start and stop may each take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Extra postgresql.conf settings (name → value, written verbatim), applied after the
    /// throwaway-speed defaults so they win.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The defaults above.</summary>
    public static EmbeddedPostgresOptions Default { get; } = new();
}
