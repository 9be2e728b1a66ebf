using Confluent.Kafka;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class SlabDeserializerTests
{
    private static readonly SerializationContext Value = new(MessageComponentType.Value, "changelog");

    [Fact]
    public void Deserialize_Tombstone_IsNull()
    {
        var deserializer = new SlabDeserializer(new RecordSlabs());

        Assert.Null(deserializer.Deserialize(ReadOnlySpan<byte>.Empty, isNull: true, Value));
    }

    [Fact]
    public void Deserialize_Value_IsACopyThatOutlivesTheClientBuffer()
    {
        var deserializer = new SlabDeserializer(new RecordSlabs());
        byte[] clientBuffer = [1, 2, 3, 4];

        ReadOnlyMemory<byte>? value = deserializer.Deserialize(clientBuffer, isNull: false, Value);
        Array.Clear(clientBuffer);

        Assert.NotNull(value);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, value.Value.ToArray());
    }

    [Fact]
    public void Deserialize_EmptyValue_IsEmptyNotNull()
    {
        var deserializer = new SlabDeserializer(new RecordSlabs());

        ReadOnlyMemory<byte>? value = deserializer.Deserialize(ReadOnlySpan<byte>.Empty, isNull: false, Value);

        Assert.NotNull(value);
        Assert.Equal(0, value.Value.Length);
    }
}
