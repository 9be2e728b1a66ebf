using Confluent.Kafka;

namespace StreamAgg.Processor.State;

/// <summary>
/// One task's folder in the state directory: <c>&lt;state-dir&gt;/&lt;application&gt;/&lt;instance&gt;/&lt;changelog&gt;-&lt;partition&gt;</c>,
/// holding its RocksDB store (<c>rocksdb/</c>) and, only between a clean close and the next open,
/// the checkpoint saying what the store reflects (<c>.checkpoint</c>).
/// </summary>
/// <remarks>
/// Opening takes the checkpoint away before anything is processed (as Kafka Streams does under
/// exactly-once): a crash afterwards leaves a store without one, which the next open wipes and the
/// changelog rebuilds, so a checkpoint never claims a state the committed changelog does not
/// hold. A checkpoint of another application or partition, or one that cannot be read, and a
/// store RocksDB cannot open are not trusted either: wiped and rebuilt.
/// </remarks>
internal sealed class TaskStateDirectory
{
    private const string CheckpointFile = ".checkpoint";
    private const string StoreFolder = "rocksdb";

    private readonly string _applicationId;
    private readonly TopicPartition _changelog;

    public TaskStateDirectory(string stateDirectory, string applicationId, string instanceId, TopicPartition changelog)
    {
        _applicationId = applicationId;
        _changelog = changelog;
        Path = System.IO.Path.Combine(
            System.IO.Path.GetFullPath(stateDirectory), Safe(applicationId), Safe(instanceId), Safe($"{changelog.Topic}-{changelog.Partition.Value}"));
    }

    public string Path { get; }

    private string StorePath => System.IO.Path.Combine(Path, StoreFolder);

    private string CheckpointPath => System.IO.Path.Combine(Path, CheckpointFile);

    /// <summary>
    /// Opens the task's store and takes its checkpoint: the checkpoint when it is this task's and
    /// the store opens (restore the changelog after its offset), or null with a store wiped empty
    /// (restore the whole changelog). <paramref name="why"/> says why a store was wiped.
    /// </summary>
    public (RocksDbStore Store, StateCheckpoint? Checkpoint) Open(out string? why)
    {
        var checkpoint = TakeCheckpoint(out why);
        if (checkpoint is not null)
        {
            try
            {
                return (RocksDbStore.Open(StorePath), checkpoint);
            }
            catch (StateStoreException e) when (!IsLockedByAnother(e))
            {
                why = $"the store does not open ({e.InnerException?.Message ?? e.Message})";
            }
            catch (StateStoreException e)
            {
                throw new StateStoreException($"The state store in {StorePath} is in use (another instance with the same --state-dir and --instance-id?)", e);
            }
        }
        else if (why is null && Directory.Exists(StorePath))
        {
            why = "no checkpoint (the last run did not close cleanly)";
        }

        return (Wipe(), null);
    }

    /// <summary>Deletes the store and creates an empty one (never one another handle has open: that stops with an error).</summary>
    public RocksDbStore Wipe()
    {
        try
        {
            if (Directory.Exists(StorePath))
            {
                EnsureNotInUse();
                Directory.Delete(StorePath, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException($"Cannot wipe the state store in {StorePath}: {e.Message}", e);
        }

        return RocksDbStore.Open(StorePath);
    }

    /// <summary>Writes the checkpoint of a store just persisted (a new file, synced, then renamed over).</summary>
    public void WriteCheckpoint(long changelogOffset, long? inputPosition, long? streamTimeMs)
    {
        var checkpoint = new StateCheckpoint(_applicationId, _changelog.Topic, _changelog.Partition.Value, changelogOffset, inputPosition, streamTimeMs);
        var temporary = CheckpointPath + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(System.Text.Encoding.UTF8.GetBytes(checkpoint.Format()));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, CheckpointPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateStoreException($"Cannot write the checkpoint {CheckpointPath}: {e.Message}", e);
        }
    }

    private StateCheckpoint? TakeCheckpoint(out string? why)
    {
        why = null;
        string text;
        try
        {
            if (!File.Exists(CheckpointPath))
            {
                return null;
            }

            text = File.ReadAllText(CheckpointPath);
            File.Delete(CheckpointPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"the checkpoint cannot be read ({e.Message})";
            TryDelete(CheckpointPath);
            return null;
        }

        var checkpoint = StateCheckpoint.TryParse(text);
        if (checkpoint is null)
        {
            why = "the checkpoint is unreadable";
            return null;
        }

        if (checkpoint.ApplicationId != _applicationId || checkpoint.ChangelogTopic != _changelog.Topic || checkpoint.Partition != _changelog.Partition.Value)
        {
            why = $"the checkpoint is another store's ({checkpoint.ApplicationId}, {checkpoint.ChangelogTopic}/{checkpoint.Partition})";
            return null;
        }

        return checkpoint;
    }

    private void EnsureNotInUse()
    {
        try
        {
            RocksDbStore.Open(StorePath).Dispose();
        }
        catch (StateStoreException e) when (IsLockedByAnother(e))
        {
            throw new StateStoreException($"The state store in {StorePath} is in use (another instance with the same --state-dir and --instance-id?)", e);
        }
        catch (StateStoreException)
        {
            // Damaged: it is about to go.
        }
    }

    // Another open handle (another instance configured with the same state directory and
    // instance id): never wipe a store in use, stop instead.
    private static bool IsLockedByAnother(StateStoreException e) =>
        e.InnerException?.Message.Contains("lock", StringComparison.OrdinalIgnoreCase) == true;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The store is wiped anyway; the next clean close writes over it.
        }
    }

    private static string Safe(string name)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars();
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (Array.IndexOf(invalid, chars[i]) >= 0)
            {
                chars[i] = '_';
            }
        }

        var safe = new string(chars);
        return safe is "" or "." or ".." ? "_" + safe : safe;
    }
}
