using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>The configuration of the stream thread's input consumer (the group member).</summary>
internal static class InputConsumerConfig
{
    public static ConsumerConfig For(ProcessorOptions options) => new()
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = options.ApplicationId,
        ClientId = $"{options.ApplicationId}-{options.InstanceId}-consumer",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        // The input may itself be written transactionally (the repartition topic).
        IsolationLevel = IsolationLevel.ReadCommitted,
        SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
        HeartbeatIntervalMs = (int)Math.Max(100, options.SessionTimeout.TotalMilliseconds / 5),
        // Each field the client marshals costs a native call and objects per record. Tasks
        // use the topic (which task, dead-letter sources) and the timestamp (the clock-skew
        // rule of SEMANTICS.md §1: a plain long, no objects); only re-keying forwards headers.
        ConsumeResultFields = options.RekeyInput ? "topic,timestamp,headers" : "topic,timestamp",
    };
}
