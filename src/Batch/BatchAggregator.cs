using System.Buffers;
using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Wire;

namespace StreamAgg.Batch;

/// <summary>
/// <c>streamagg aggregate</c> (SEMANTICS.md §8): the same pure core the processor runs, driven
/// over NDJSON files instead of Kafka. Streams through its input, so memory is bounded by the
/// per-key state, not the file; closes every session at the end of input; writes engagement rows,
/// the heatmap CSV and dead letters.
/// </summary>
public sealed class BatchAggregator : IEngagementOutput
{
    private readonly BatchOptions _options;
    private readonly PlayerEventParser _parser = new();
    private readonly HeatmapAccumulator _heatmap;
    private readonly Dictionary<string, long> _deadLetterCounts = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _deadLetterBuffer = new(1024);
    private readonly Utf8JsonWriter _deadLetterJson;
    private Stream? _deadLetters;

    /// <summary>Creates an aggregator.</summary>
    public BatchAggregator(BatchOptions? options = null)
    {
        _options = options ?? new BatchOptions();
        _heatmap = new HeatmapAccumulator(HllSettings.Default, _options.HeatmapSalt, HeatmapTracking.Totals);
        _deadLetterJson = new Utf8JsonWriter(_deadLetterBuffer, DeadLetterJson.WriterOptions);
    }

    /// <summary>
    /// Aggregates <paramref name="events"/> (NDJSON) with <paramref name="videos"/> (NDJSON, optional);
    /// writes rows, heatmap and dead letters to whichever outputs are given.
    /// </summary>
    public BatchSummary Run(
        Stream events,
        Stream? videos,
        Stream? engagementOut,
        TextWriter? heatmapOut,
        Stream? deadLettersOut,
        Action<BatchProgress>? progress = null)
    {
        var catalog = new VideoCatalog();
        var badVideos = videos is null ? 0 : ReadVideos(videos, catalog);
        var engine = new EngagementEngine(_options.Engagement, catalog, this);
        var ingest = new EventIngest(_parser, engine);
        _deadLetters = deadLettersOut;
        string? firstInternalError = null;

        var reader = new NdjsonLineReader(events);
        long lines = 0, applied = 0, duplicates = 0;
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty || line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            lines++;
            switch (ingest.Ingest(line, EventIngest.NoRecordTimestamp, out var reason, out _))
            {
                case IngestOutcome.Applied:
                    applied++;
                    break;
                case IngestOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    WriteDeadLetter(reason, line);
                    if (reason == DeadLetterReason.InternalError)
                    {
                        firstInternalError ??= $"line {lines}: {ingest.LastFailure}";
                    }

                    break;
            }

            if (progress is not null && (lines & 0xFFFF) == 0)
            {
                progress(new BatchProgress(lines, reader.BytesRead, engine.KeyCount));
            }
        }

        engine.Flush();
        var rows = new List<EngagementRow>(engine.KeyCount);
        rows.AddRange(engine.BuildAllRows());

        // (userId, videoId) is unique per row, so this unstable sort gives the one order the
        // stable LINQ sort gave, without its key arrays and index indirection.
        rows.Sort(static (a, b) =>
        {
            int byUser = string.CompareOrdinal(a.UserId, b.UserId);
            return byUser != 0 ? byUser : string.CompareOrdinal(a.VideoId, b.VideoId);
        });
        if (engagementOut is not null)
        {
            WriteRows(engagementOut, rows);
        }

        long heatmapRows = 0;
        if (heatmapOut is not null)
        {
            var cells = _heatmap.Rows().ToList();
            HeatmapCsv.Write(heatmapOut, cells);
            heatmapRows = cells.Count;
        }

        deadLettersOut?.Flush();
        progress?.Invoke(new BatchProgress(lines, reader.BytesRead, engine.KeyCount));
        return new BatchSummary
        {
            Lines = lines,
            Applied = applied,
            Duplicates = duplicates,
            DeadLetters = new Dictionary<string, long>(_deadLetterCounts),
            Rows = rows.Count,
            HeatmapRows = heatmapRows,
            BadVideoLines = badVideos,
            FirstInternalError = firstInternalError,
        };
    }

    void IEngagementOutput.OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
        _heatmap.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
    }

    void IEngagementOutput.OnRowChanged(in EngagementKey key)
    {
        // Batch writes every row once, at the end of input.
    }

    private void WriteDeadLetter(DeadLetterReason reason, ReadOnlySpan<byte> raw)
    {
        var name = reason.ToWireName();
        _deadLetterCounts[name] = _deadLetterCounts.GetValueOrDefault(name) + 1;
        if (_deadLetters is null)
        {
            return;
        }

        _deadLetterBuffer.ResetWrittenCount();
        _deadLetterJson.Reset(_deadLetterBuffer);
        DeadLetterJson.Write(_deadLetterJson, reason, raw);
        _deadLetterJson.Flush();
        _deadLetters.Write(_deadLetterBuffer.WrittenSpan);
        _deadLetters.WriteByte((byte)'\n');
    }

    private static void WriteRows(Stream output, List<EngagementRow> rows)
    {
        // Rows are gathered in one buffer and written in large pieces; a row that is not plain
        // text (see TryWritePlain) or longer than the buffer goes through the JSON writer.
        byte[] chunk = new byte[1 << 16];
        int used = 0;
        ArrayBufferWriter<byte>? buffer = null;
        Utf8JsonWriter? writer = null;
        foreach (var row in rows)
        {
            if (TryAppendPlain(row, chunk, ref used))
            {
                continue;
            }

            // No room left, or not plain: write out what is gathered (and retry with the room).
            if (used > 0)
            {
                Drain(output, chunk, ref used);
                if (TryAppendPlain(row, chunk, ref used))
                {
                    continue;
                }
            }

            buffer ??= new ArrayBufferWriter<byte>(4096);
            writer ??= new Utf8JsonWriter(buffer, DeadLetterJson.WriterOptions);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            EngagementRowJson.Write(writer, row, includeStreamingFields: false);
            writer.Flush();
            output.Write(buffer.WrittenSpan);
            output.WriteByte((byte)'\n');
        }

        Drain(output, chunk, ref used);
        writer?.Dispose();
        output.Flush();
    }

    private static bool TryAppendPlain(EngagementRow row, byte[] chunk, ref int used)
    {
        Span<byte> free = chunk.AsSpan(used);
        if (free.IsEmpty || !EngagementRowJson.TryWritePlain(row, includeStreamingFields: false, free[..^1], out int written))
        {
            return false;
        }

        free[written] = (byte)'\n';
        used += written + 1;
        return true;
    }

    private static void Drain(Stream output, byte[] chunk, ref int used)
    {
        output.Write(chunk, 0, used);
        used = 0;
    }

    private static int ReadVideos(Stream videos, VideoCatalog catalog)
    {
        var reader = new NdjsonLineReader(videos, 64 * 1024);
        var bad = 0;
        while (reader.TryReadLine(out var line))
        {
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            if (VideoMetadataParser.TryParse(line, out var video) == VideoMetadataError.None && video is not null)
            {
                catalog.Upsert(video);
            }
            else
            {
                bad++;
            }
        }

        return bad;
    }
}
