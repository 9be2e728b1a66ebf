using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace StreamAgg.Kafka.Topics;

/// <summary>
/// The topics StreamAgg needs, read from topics.yaml: names, partition counts, replication and
/// configs. Both the embedded cluster and the Admin API provisioner create topics from it.
/// </summary>
public sealed class TopicCatalog
{
    /// <summary>The catalog's file name, looked for at the repository root.</summary>
    public const string FileName = "topics.yaml";

    /// <summary>The name of the copy of topics.yaml embedded in the StreamAgg.Kafka assembly.</summary>
    public const string ResourceName = "StreamAgg.Kafka.topics.yaml";

    private readonly Dictionary<string, TopicSpec> _byName;

    private TopicCatalog(string source, IReadOnlyList<TopicSpec> topics)
    {
        Source = source;
        Topics = topics;
        _byName = topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the catalog was read from: a file path, or "embedded:" and the resource name.</summary>
    public string Source { get; }

    /// <summary>The topics, in file order.</summary>
    public IReadOnlyList<TopicSpec> Topics { get; }

    /// <summary>The topic with this name.</summary>
    /// <exception cref="KeyNotFoundException">The catalog has no such topic.</exception>
    public TopicSpec this[string name] =>
        _byName.TryGetValue(name, out var spec)
            ? spec
            : throw new KeyNotFoundException($"{Source}: no topic named '{name}' (known: {string.Join(", ", _byName.Keys)})");

    /// <summary>Finds the topic with this name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out TopicSpec? spec) => _byName.TryGetValue(name, out spec);

    /// <summary>
    /// Loads the catalog: from <paramref name="explicitPath"/> when given (it must exist), else the
    /// first topics.yaml found walking up from the current directory, then from the application's
    /// base directory, else the copy embedded in this assembly.
    /// </summary>
    /// <exception cref="TopicCatalogException">The file is missing, unreadable or invalid.</exception>
    public static TopicCatalog Load(string? explicitPath = null)
    {
        if (explicitPath is not null)
        {
            return LoadFile(explicitPath);
        }

        var found = TopicCatalogLocation.FindUpwards(Environment.CurrentDirectory)
            ?? TopicCatalogLocation.FindUpwards(AppContext.BaseDirectory);
        return found is null ? LoadEmbedded() : LoadFile(found);
    }

    /// <summary>Loads and validates the catalog in the file at <paramref name="path"/>.</summary>
    /// <exception cref="TopicCatalogException">The file is missing, unreadable or invalid.</exception>
    public static TopicCatalog LoadFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TopicCatalogException($"{fullPath}: cannot read the topic catalog: {e.Message}", e);
        }

        return Parse(yaml, fullPath);
    }

    /// <summary>Loads the copy of topics.yaml embedded in this assembly at build time.</summary>
    public static TopicCatalog LoadEmbedded()
    {
        using var stream = typeof(TopicCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new TopicCatalogException($"embedded:{ResourceName}: the resource is missing from {typeof(TopicCatalog).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"embedded:{ResourceName}");
    }

    /// <summary>Parses and validates catalog YAML; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="TopicCatalogException">The YAML is malformed or the catalog invalid.</exception>
    public static TopicCatalog Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        TopicCatalogDocument? document;
        try
        {
            document = deserializer.Deserialize<TopicCatalogDocument?>(yaml);
        }
        catch (YamlException e)
        {
            // YamlDotNet's message for an unknown key or a bad number hides in the inner exception.
            var reason = e.InnerException?.Message ?? e.Message;
            throw new TopicCatalogException($"{source}({e.Start.Line},{e.Start.Column}): {reason}", e);
        }

        return new TopicCatalog(source, TopicCatalogValidator.Validate(document, source));
    }
}
