namespace StreamAgg.Processor.Runtime;

/// <summary>A failure the processor cannot recover from by itself (configuration, authorization, a fatal client error).</summary>
public sealed class StreamsException(string message, Exception? inner = null) : Exception(message, inner);
