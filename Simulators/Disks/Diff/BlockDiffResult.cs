namespace Failback.Simulators.Disks.Diff;

/// <summary>
/// The blocks whose content differs between two disks. Where one disk is shorter, its missing tail counts
/// as zeros (qemu-img compare's rule), and <see cref="SizesDiffer"/> says so.
/// </summary>
public sealed record BlockDiffResult(int BlockSize, long BlockCount, long CapacityA, long CapacityB, IReadOnlyList<long> ChangedBlocks)
{
    public bool Identical => ChangedBlocks.Count == 0;
    public bool SizesDiffer => CapacityA != CapacityB;
}
