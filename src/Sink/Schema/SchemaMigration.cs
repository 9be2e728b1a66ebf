using System.Globalization;
using System.Reflection;

namespace StreamAgg.Sink.Schema;

/// <summary>One embedded migration script: <c>NNNN_name.sql</c>, applied once, in version order.</summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "StreamAgg.Sink.Migrations.";

    public static IReadOnlyList<SchemaMigration> LoadAll()
    {
        var assembly = typeof(SchemaMigration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToArray();
    }

    private static SchemaMigration Load(Assembly assembly, string resource)
    {
        var fileName = resource[ResourcePrefix.Length..^".sql".Length];
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
