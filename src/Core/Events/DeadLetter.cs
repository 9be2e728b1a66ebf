namespace StreamAgg.Core.Events;

/// <summary>
/// An input that was not applied, with why, and the input exactly as it arrived (SEMANTICS.md
/// §1: dead letters keep the raw input unchanged).
/// </summary>
/// <param name="Reason">Why the input was not applied; never <see cref="DeadLetterReason.None"/>.</param>
/// <param name="Raw">
/// The raw input bytes, byte for byte (a Kafka message value, or an NDJSON line without its
/// line terminator). Not copied: when the caller's buffer is reused, copy it first. Record
/// equality compares the memory region, not its content.
/// </param>
public readonly record struct DeadLetter(DeadLetterReason Reason, ReadOnlyMemory<byte> Raw);
