namespace StreamAgg.Processor.Observability;

/// <summary>Attribute values of <see cref="AbortCause"/>, as snake_case strings built once.</summary>
internal static class AbortCauses
{
    private static readonly string[] Names = ["task_corrupted", "task_migrated", "partitions_lost", "revocation_commit_failed", "stopped", "fenced"];

    public static string Name(AbortCause cause) => Names[(int)cause];
}
