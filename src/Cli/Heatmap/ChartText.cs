namespace StreamAgg.Cli.Heatmap;

/// <summary>How a label sits on its anchor point.</summary>
internal enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>A one-line label whose baseline-ish middle is at <paramref name="Y"/>.</summary>
internal sealed record ChartText(double X, double Y, string Text, ChartColor Fill, TextAnchor Anchor = TextAnchor.Start, bool Large = false);
