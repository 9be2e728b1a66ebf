using System.Runtime.InteropServices;

namespace StreamAgg.Dev.Kafka;

// Owns one rd_kafka_t; releasing it runs rd_kafka_destroy exactly once, even if the owner is
// finalized without Dispose.
internal sealed class RdKafkaHandle : SafeHandle
{
    public RdKafkaHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibRdKafka.rd_kafka_destroy(handle);
        return true;
    }
}
