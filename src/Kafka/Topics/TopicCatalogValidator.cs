using System.Collections.ObjectModel;

namespace StreamAgg.Kafka.Topics;

// Checks a parsed topics.yaml and builds the specs. It gathers every problem before failing,
// so one run of the tool shows all the mistakes in the file, not the first one.
internal static class TopicCatalogValidator
{
    // Kafka's own limits (kafka.common.internals.Topic): legal characters and length.
    private const int MaxNameLength = 249;

    private static readonly string[] CleanupPolicies = ["delete", "compact"];

    public static IReadOnlyList<TopicSpec> Validate(TopicCatalogDocument? document, string source)
    {
        var errors = new List<string>();
        var specs = new List<TopicSpec>();
        var topics = document?.Topics;
        if (topics is not { Count: > 0 })
        {
            Fail(source, ["the file has no `topics:` list (at least one topic is required)"]);
        }

        for (var i = 0; i < topics.Count; i++)
        {
            var spec = ValidateTopic(topics[i], $"topic #{i + 1}", errors);
            if (spec is not null)
            {
                specs.Add(spec);
            }
        }

        CheckDuplicates(specs, errors);
        CheckCoPartitioning(specs, errors);
        if (errors.Count > 0)
        {
            Fail(source, errors);
        }

        return specs.AsReadOnly();
    }

    private static TopicSpec? ValidateTopic(TopicDocument? topic, string where, List<string> errors)
    {
        if (topic is null)
        {
            errors.Add($"{where}: empty entry");
            return null;
        }

        var before = errors.Count;
        var name = topic.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{where}: `name` is missing");
        }
        else
        {
            where = $"{where} '{name}'";
            CheckName(name, where, errors);
        }

        if (topic.Partitions is not { } partitions)
        {
            errors.Add($"{where}: `partitions` is missing");
        }
        else if (partitions < 1)
        {
            errors.Add($"{where}: `partitions` must be at least 1, found {partitions}");
        }

        if (topic.ReplicationFactor is not { } replication)
        {
            errors.Add($"{where}: `replicationFactor` is missing");
        }
        else if (replication is < 1 or > short.MaxValue)
        {
            errors.Add($"{where}: `replicationFactor` must be between 1 and {short.MaxValue}, found {replication}");
        }

        var configs = ValidateConfigs(topic, where, errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new TopicSpec(
            name!,
            topic.Partitions!.Value,
            (short)topic.ReplicationFactor!.Value,
            configs,
            string.IsNullOrWhiteSpace(topic.CoPartitionedWith) ? null : topic.CoPartitionedWith);
    }

    private static void CheckName(string name, string where, List<string> errors)
    {
        if (name.Length > MaxNameLength)
        {
            errors.Add($"{where}: `name` is longer than {MaxNameLength} characters");
        }

        if (name is "." or ".." || !name.All(IsLegalNameChar))
        {
            errors.Add($"{where}: `name` may only contain ASCII letters, digits, '.', '_' and '-'");
        }
    }

    private static bool IsLegalNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static ReadOnlyDictionary<string, string> ValidateConfigs(TopicDocument topic, string where, List<string> errors)
    {
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in topic.Configs ?? [])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{where}: config `{key}` has no value");
                continue;
            }

            configs[key] = value;
        }

        if (configs.TryGetValue(TopicSpec.CleanupPolicyConfig, out var policy)
            && !policy.Split(',', StringSplitOptions.TrimEntries).All(p => CleanupPolicies.Contains(p, StringComparer.Ordinal)))
        {
            errors.Add($"{where}: `{TopicSpec.CleanupPolicyConfig}` must be delete, compact or \"compact,delete\", found '{policy}'");
        }

        if (configs.TryGetValue(TopicSpec.MinInsyncReplicasConfig, out var minIsr))
        {
            if (!int.TryParse(minIsr, out var min) || min < 1)
            {
                errors.Add($"{where}: `{TopicSpec.MinInsyncReplicasConfig}` must be a positive integer, found '{minIsr}'");
            }
            else if (topic.ReplicationFactor is { } replication && min > replication)
            {
                errors.Add($"{where}: `{TopicSpec.MinInsyncReplicasConfig}` ({min}) exceeds `replicationFactor` ({replication}): no acks=all write could succeed");
            }
        }

        return configs.AsReadOnly();
    }

    private static void CheckDuplicates(List<TopicSpec> specs, List<string> errors)
    {
        foreach (var group in specs.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"topic '{group.Key}' is listed {group.Count()} times");
        }
    }

    // State partition p is restored from changelog partition p, and repartitioned records must
    // land in the task that owns partition p of the input: counts must agree exactly.
    private static void CheckCoPartitioning(List<TopicSpec> specs, List<string> errors)
    {
        foreach (var spec in specs.Where(s => s.CoPartitionedWith is not null))
        {
            var other = specs.FirstOrDefault(s => s.Name == spec.CoPartitionedWith);
            if (other is null)
            {
                errors.Add($"topic '{spec.Name}': `coPartitionedWith` names '{spec.CoPartitionedWith}', which is not in the catalog");
            }
            else if (other.Partitions != spec.Partitions)
            {
                errors.Add($"topic '{spec.Name}' has {spec.Partitions} partitions but is co-partitioned with '{other.Name}', which has {other.Partitions}");
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string source, IReadOnlyCollection<string> errors) =>
        throw new TopicCatalogException(
            $"{source}: invalid topic catalog ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):"
            + string.Concat(errors.Select(e => Environment.NewLine + "  - " + e)));
}
