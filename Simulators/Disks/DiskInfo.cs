namespace Failback.Simulators.Disks;

/// <summary>What <see cref="DiskImage.Inspect"/> reports about an image and its chain.</summary>
/// <param name="Chain">The image first, then its parent, up to the base disk.</param>
public sealed record DiskInfo(string Path, DiskFormat Format, long Capacity, long AllocatedBytes, IReadOnlyList<DiskChainLink> Chain);

/// <summary>
/// One link of a snapshot chain. <paramref name="Files"/> lists every file of the link (descriptor, extents, saved
/// change tracking); <paramref name="Cid"/> and <paramref name="ParentCid"/> are VMDK only.
/// </summary>
public sealed record DiskChainLink(string Path, DiskFormat Format, long Capacity, long AllocatedBytes, uint? Cid, uint? ParentCid, IReadOnlyList<string> Files);
