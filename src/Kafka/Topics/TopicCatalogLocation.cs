namespace StreamAgg.Kafka.Topics;

// Finds topics.yaml from where the program runs: the repository root is an ancestor of both a
// developer's working directory and the build output (bin/Debug/net10.0).
internal static class TopicCatalogLocation
{
    public static string? FindUpwards(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, TopicCatalog.FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
