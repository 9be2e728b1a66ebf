namespace StreamAgg.Core.Engagement;

/// <summary>
/// The <c>qualityFlags</c> of SEMANTICS.md §5, as one cached sorted list per combination so
/// building a row does not allocate a list.
/// </summary>
internal static class QualityFlags
{
    public const string DuplicatesDropped = "duplicates_dropped";
    public const string LateEventsDropped = "late_events_dropped";
    public const string MissingDuration = "missing_duration";
    public const string PositionBeyondDuration = "position_beyond_duration";

    // Bit order = alphabetical order, so a combination's list is sorted by construction.
    private static readonly string[] Names = [DuplicatesDropped, LateEventsDropped, MissingDuration, PositionBeyondDuration];
    private static readonly IReadOnlyList<string>[] Lists = BuildLists();

    public static IReadOnlyList<string> For(bool duplicates, bool late, bool missingDuration, bool beyondDuration)
    {
        int mask = (duplicates ? 1 : 0) | (late ? 2 : 0) | (missingDuration ? 4 : 0) | (beyondDuration ? 8 : 0);
        return Lists[mask];
    }

    private static IReadOnlyList<string>[] BuildLists()
    {
        var lists = new IReadOnlyList<string>[16];
        for (int mask = 0; mask < 16; mask++)
        {
            var names = new List<string>();
            for (int bit = 0; bit < 4; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    names.Add(Names[bit]);
                }
            }

            lists[mask] = names.AsReadOnly();
        }

        return lists;
    }
}
