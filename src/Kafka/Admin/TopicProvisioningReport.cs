namespace StreamAgg.Kafka.Admin;

/// <summary>What <c>KafkaTopicAdmin.ProvisionAsync</c> found and did, topic by topic.</summary>
/// <param name="BootstrapServers">The cluster.</param>
/// <param name="DryRun">True when nothing was changed.</param>
/// <param name="Outcomes">One outcome per catalog topic, in catalog order.</param>
/// <param name="Warnings">Things an operator should look at (partition mismatches, replication lowered).</param>
public sealed record TopicProvisioningReport(
    string BootstrapServers,
    bool DryRun,
    IReadOnlyList<TopicProvisioningOutcome> Outcomes,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The names of the topics created (or, in a dry run, to be created).</summary>
    public IReadOnlyList<string> Created =>
        [.. Outcomes.Where(o => o.Action is TopicProvisioningAction.Created or TopicProvisioningAction.WouldCreate).Select(o => o.Topic.Name)];

    /// <summary>The names of the topics that existed already.</summary>
    public IReadOnlyList<string> Existing =>
        [.. Outcomes.Where(o => o.Action is TopicProvisioningAction.Exists or TopicProvisioningAction.ExistsWithOtherPartitionCount).Select(o => o.Topic.Name)];

    /// <summary>Writes the report for a person: a heading, one line per topic, then the warnings.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(DryRun
            ? $"Dry run against {BootstrapServers}: nothing is changed."
            : $"Topics on {BootstrapServers}:");
        foreach (var outcome in Outcomes)
        {
            writer.WriteLine("  " + outcome);
        }

        foreach (var warning in Warnings)
        {
            writer.WriteLine("warning: " + warning);
        }
    }

    /// <summary>The report as <see cref="WriteTo"/> writes it.</summary>
    public override string ToString()
    {
        using var writer = new StringWriter();
        WriteTo(writer);
        return writer.ToString();
    }
}
