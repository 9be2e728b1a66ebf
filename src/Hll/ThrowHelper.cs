using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Hll;

// Keeps throw statements out of the methods the JIT should inline.
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Format(string message) => throw new HllFormatException(message);

    [DoesNotReturn]
    public static void SettingsMismatch(HllSettings target, HllSettings source) =>
        throw new ArgumentException(
            $"Cannot union sketches with different parameters: target is {target}, source is {source}.", "other");

    [DoesNotReturn]
    public static void TooFewRegisters(int count) =>
        throw new InvalidOperationException(
            $"The cardinality of a {count}-register sketch is undefined (postgresql-hll needs more than 8 registers).");
}
