using Npgsql;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Sink.Writing;
using Xunit;
using static StreamAgg.Integration.Tests.Sink.TestRows;

namespace StreamAgg.Integration.Tests.Sink.Writing;

[Collection(PostgresCollection.Name)]
public sealed class EngagementRowWriterTests(PostgresFixture postgres)
{
    private const string Topic = "engagement";

    [Fact]
    public async Task WriteAsync_NewRows_StoresEveryFieldOfEachRow()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        var complete = Row("peter", "video_001", version: 3) with { ActiveSession = true, LateEventsDropped = 1, QualityFlags = ["late_events_dropped"] };
        var unknownDuration = Row("anna", "video_002", duration: null, title: null);

        await writer.WriteAsync(Batch(complete, unknownDuration));

        var stored = await StoredRows.ReadAllAsync(database.DataSource);
        Assert.Equal(2, stored.Count);
        StoredRows.AssertSame(unknownDuration, stored[0]);
        StoredRows.AssertSame(complete, stored[1]);
    }

    [Fact]
    public async Task WriteAsync_NewerVersion_ReplacesTheStoredRow()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        await writer.WriteAsync(Batch(Row("peter", "v1", version: 1, maxPosition: 100, completions: 0)));

        var newer = Row("peter", "v1", version: 2, maxPosition: 300, completions: 1);
        await writer.WriteAsync(Batch(newer));

        StoredRows.AssertSame(newer, Assert.Single(await StoredRows.ReadAllAsync(database.DataSource)));
    }

    [Fact]
    public async Task WriteAsync_OlderVersion_IsIgnored()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        var current = Row("peter", "v1", version: 5, maxPosition: 300);
        await writer.WriteAsync(Batch(current));

        await writer.WriteAsync(Batch(Row("peter", "v1", version: 4, maxPosition: 120, completions: 0)));

        StoredRows.AssertSame(current, Assert.Single(await StoredRows.ReadAllAsync(database.DataSource)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WriteAsync_BatchHoldsTwoVersionsOfAKey_KeepsTheNewest(bool newestLast)
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        var older = Row("peter", "v1", version: 1, maxPosition: 100, completions: 0);
        var newer = Row("peter", "v1", version: 2, maxPosition: 300);

        await writer.WriteAsync(newestLast ? Batch(older, newer) : Batch(newer, older));

        StoredRows.AssertSame(newer, Assert.Single(await StoredRows.ReadAllAsync(database.DataSource)));
    }

    [Fact]
    public async Task WriteAsync_SameBatchReplayed_ChangesNothing()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        var batch = Batch(Row("peter", "v1", version: 2), Row("anna", "v1", version: 7));
        await writer.WriteAsync(batch);
        var writtenAt = await database.ScalarAsync<DateTime>("SELECT max(written_at) FROM engagement");
        var before = await StoredRows.ReadAllAsync(database.DataSource);

        await writer.WriteAsync(batch);

        var after = await StoredRows.ReadAllAsync(database.DataSource);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
            StoredRows.AssertSame(before[i], after[i]);
        // No UPDATE ran at all: an equal version is a replay, not a change.
        Assert.Equal(writtenAt, await database.ScalarAsync<DateTime>("SELECT max(written_at) FROM engagement"));
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT next_offset FROM sink_offsets WHERE partition = 0"));
    }

    [Fact]
    public async Task WriteAsync_RowsWithOffsets_StoresTheNextOffsetPerPartitionOnlyForward()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource, "sink-a");
        var batch = new EngagementBatch();
        batch.AddRow(Row("peter", "v1"), new SinkSource(Topic, 0, 10));
        batch.AddRow(Row("anna", "v1"), new SinkSource(Topic, 0, 11));
        batch.AddRow(Row("zoe", "v2"), new SinkSource(Topic, 3, 41));
        await writer.WriteAsync(batch);

        var stale = new EngagementBatch();
        stale.AddRow(Row("peter", "v1"), new SinkSource(Topic, 0, 10));
        await writer.WriteAsync(stale);

        var positions = await writer.ReadPositionsAsync(Topic);
        Assert.Equal(new Dictionary<int, long> { [0] = 12, [3] = 42 }, positions);
        Assert.Empty(await new EngagementRowWriter(database.DataSource, "sink-b").ReadPositionsAsync(Topic));
    }

    [Fact]
    public async Task WriteAsync_RowRefusedMidBatch_StoresNeitherRowsNorOffsets()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        var batch = new EngagementBatch();
        batch.AddRow(Row("peter", "v1"), new SinkSource(Topic, 0, 0));
        batch.AddRow(Row("anna", "v1") with { EngagementTier = "Legendary" }, new SinkSource(Topic, 0, 1));
        batch.AddRow(Row("zoe", "v1"), new SinkSource(Topic, 1, 0));

        var error = await Assert.ThrowsAsync<PostgresException>(() => writer.WriteAsync(batch));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM engagement"));
        Assert.Empty(await writer.ReadPositionsAsync(Topic));
    }

    [Fact]
    public async Task WriteAsync_Tombstone_DeletesTheKeyUnlessALaterRowFollowsInTheBatch()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        await writer.WriteAsync(Batch(Row("peter", "v1", version: 4), Row("anna", "v1", version: 4), Row("zoe", "v1", version: 4)));

        var batch = new EngagementBatch();
        batch.AddTombstone("peter", "v1");
        batch.AddRow(Row("anna", "v1", version: 5));
        batch.AddTombstone("anna", "v1");
        batch.AddTombstone("zoe", "v1");
        var reborn = Row("zoe", "v1", version: 1);
        batch.AddRow(reborn);
        await writer.WriteAsync(batch);

        StoredRows.AssertSame(reborn, Assert.Single(await StoredRows.ReadAllAsync(database.DataSource)));
    }

    [Fact]
    public async Task WriteAsync_DeadLetterReplayed_IsStoredOnceAndMovesTheOffset()
    {
        await using var database = await SinkDatabase.CreateAsync(postgres);
        var writer = new EngagementRowWriter(database.DataSource);
        var batch = new EngagementBatch();
        batch.AddDeadLetter(new SinkDeadLetter(new SinkSource(Topic, 2, 99), SinkDeadLetterReasons.Unreadable, "not json", null, "{oops"u8.ToArray()));

        await writer.WriteAsync(batch);
        await writer.WriteAsync(batch);

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM sink_dead_letters WHERE reason = 'sink_unreadable' AND message = '\\x7b6f6f7073'::bytea AND message_key IS NULL"));
        Assert.Equal(100L, (await writer.ReadPositionsAsync(Topic))[2]);
    }

    private static EngagementBatch Batch(params Core.Engagement.EngagementRow[] rows)
    {
        var batch = new EngagementBatch();
        for (var i = 0; i < rows.Length; i++)
            batch.AddRow(rows[i], new SinkSource(Topic, 0, i));
        return batch;
    }
}
