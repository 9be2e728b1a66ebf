namespace StreamAgg.Sink.Writing;

/// <summary>
/// A message the sink could not apply, stored in <c>sink_dead_letters</c> together with the
/// offsets that move past it.
/// </summary>
/// <param name="Source">The message's topic, partition and offset.</param>
/// <param name="Reason">One of <see cref="SinkDeadLetterReasons"/>.</param>
/// <param name="Detail">What was wrong, for a human.</param>
/// <param name="Key">The message key bytes, if any.</param>
/// <param name="Value">The message value bytes, if any.</param>
public sealed record SinkDeadLetter(SinkSource Source, string Reason, string Detail, byte[]? Key, byte[]? Value);
