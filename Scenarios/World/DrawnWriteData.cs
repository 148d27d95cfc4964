using Failback.Engine.Ports;

namespace Failback.Scenarios.World;

/// <summary>A synthetic workload's block travelling through the replication as its description (<see cref="GuestPayload"/>).</summary>
internal sealed class DrawnWriteData(GuestPayload payload) : WriteData
{
    public override int Length => payload.Length;
    public override void Fill(int start, Span<byte> destination) => payload.Fill(start, destination);
}
