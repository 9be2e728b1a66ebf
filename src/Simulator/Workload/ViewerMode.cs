namespace StreamAgg.Simulator.Workload;

/// <summary>What a viewer's player is doing.</summary>
internal enum ViewerMode : byte
{
    Offline,
    Playing,
    Paused,
    Ended,
}
