namespace StreamAgg.Dev.Cli.Demo;

/// <summary>What the demo serves besides the pipeline: the web server, on which port, with which secrets, for how long.</summary>
/// <param name="Enabled">Serve ingest, the dashboard and the player page during the run.</param>
/// <param name="Port">The port to try first (a free one when it is taken).</param>
/// <param name="KeepRunning">Keep everything up after the summary, until Ctrl-C.</param>
/// <param name="Secrets">The run's read token and write key.</param>
internal sealed record DemoServing(bool Enabled, int Port, bool KeepRunning, DemoSecrets Secrets);
