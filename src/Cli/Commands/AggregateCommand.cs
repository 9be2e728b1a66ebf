using System.CommandLine;
using System.Diagnostics;
using StreamAgg.Batch;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg aggregate</c>: SEMANTICS.md §8, the batch form of the processor.</summary>
internal static class AggregateCommand
{
    public static Command Create()
    {
        var events = new Option<FileInfo>("--events") { Description = "Player events, NDJSON (one event per line).", Required = true };
        var videos = new Option<FileInfo?>("--videos") { Description = "Video metadata, NDJSON." };
        var engagement = new Option<FileInfo?>("--engagement") { Description = "Write engagement rows here (NDJSON)." };
        var heatmap = new Option<FileInfo?>("--heatmap") { Description = "Write the heatmap here (CSV: videoId,day,second,viewers,plays)." };
        var deadLetters = new Option<FileInfo?>("--dead-letters") { Description = "Write dead letters here (NDJSON: reason, raw)." };
        var rules = new EngagementRuleOptions();
        var command = new Command("aggregate", "Aggregate an NDJSON file of player events into engagement rows, a heatmap and dead letters (no Kafka).")
        {
            events, videos, engagement, heatmap, deadLetters,
        };
        rules.AddTo(command);
        command.SetAction(parse =>
        {
            var options = new BatchOptions { Engagement = rules.Read(parse), HeatmapSalt = parse.GetValue(rules.Salt) };
            var eventsFile = parse.GetValue(events)!;
            RequireReadableFile("--events", eventsFile);
            if (parse.GetValue(videos) is { } videosFile)
            {
                RequireReadableFile("--videos", videosFile);
            }

            using var eventStream = eventsFile.OpenRead();
            using var videoStream = parse.GetValue(videos) is { } v ? v.OpenRead() : null;
            using var engagementStream = Create(parse.GetValue(engagement));
            using var heatmapWriter = Create(parse.GetValue(heatmap)) is { } h ? new StreamWriter(h) : null;
            using var deadLetterStream = Create(parse.GetValue(deadLetters));

            var clock = Stopwatch.StartNew();
            var total = eventsFile.Length;
            var lastShown = TimeSpan.Zero;
            Action<BatchProgress>? progress = Console.IsOutputRedirected ? null : p =>
            {
                if (clock.Elapsed - lastShown < TimeSpan.FromMilliseconds(500))
                {
                    return;
                }

                lastShown = clock.Elapsed;
                var percent = total == 0 ? 100 : 100.0 * p.BytesRead / total;
                Console.Error.Write($"\r{percent,5:F1} %  {p.Lines:N0} lines  {p.Lines / clock.Elapsed.TotalSeconds:N0} lines/s  {p.Keys:N0} keys   ");
            };

            var summary = new BatchAggregator(options).Run(eventStream, videoStream, engagementStream, heatmapWriter, deadLetterStream, progress);
            if (progress is not null)
            {
                Console.Error.WriteLine();
            }

            var deadLetterText = summary.DeadLetters.Count == 0
                ? "none"
                : string.Join(", ", summary.DeadLetters.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key} {d.Value}"));
            Console.WriteLine(
                $"{summary.Lines:N0} lines: {summary.Applied:N0} applied, {summary.Duplicates:N0} duplicates, dead letters: {deadLetterText}; " +
                $"{summary.Rows:N0} engagement rows, {summary.HeatmapRows:N0} heatmap rows in {clock.Elapsed.TotalSeconds:F2} s");
            if (summary.BadVideoLines > 0)
            {
                Console.Error.WriteLine($"warning: {summary.BadVideoLines} unreadable lines in --videos were skipped");
            }

            if (summary.FirstInternalError is { } error)
            {
                // A defect in StreamAgg, not in the input: the events were set aside as dead
                // letters (internal_error) and everything else was aggregated.
                Console.Error.WriteLine($"warning: events failed to apply (internal_error dead letters); please report this. First: {error}");
            }

            return 0;
        });
        return command;
    }

    private static void RequireReadableFile(string option, FileInfo file)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new UsageException($"{option}: {file.FullName} is a directory, not a file");
        }

        if (!file.Exists)
        {
            throw new UsageException($"{option}: no such file {file.FullName}");
        }
    }

    private static FileStream? Create(FileInfo? file) =>
        file is null ? null : new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
}
