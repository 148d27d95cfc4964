namespace Failback.Scenarios.World;

/// <summary>
/// One guest write as the ground truth saw it, numbered from 1 in the order the guest issued it (all disks
/// counted). It keeps its payload as the guest made it (a drawn block as its description, not its bytes);
/// <see cref="ViaLeg"/> names the replication leg it went through, when the harness knows it.
/// </summary>
public sealed record TruthWrite(int Number, DateTimeOffset Time, string DiskId, long Offset, GuestPayload Payload, object? ViaLeg = null)
{
    public int Length => Payload.Length;
}
