namespace Failback.Simulators.Disks;

/// <summary>
/// The largest disk each format can hold, from its specification, and the largest any image may claim when
/// read, so a corrupt size field can neither overflow a byte count nor size an allocation.
/// </summary>
public static class FormatLimits
{
    /// <summary>vSphere's largest virtual disk on VMFS (62 TB), for a vmfs/monolithicFlat VMDK.</summary>
    public const long Vmdk = 62 * Sizes.TiB;

    /// <summary>
    /// Hosted sparse and COWD extents address grains with 32-bit sector offsets, so the whole file stays under
    /// 2 TiB; as for the VHD, 2040 GiB leaves room for the tables.
    /// </summary>
    public const long SparseVmdk = 2040 * Sizes.GiB;

    /// <summary>The VHD specification's (and qemu's) largest dynamic disk: 2040 GiB.</summary>
    public const long VhdDynamic = 2040 * Sizes.GiB;

    /// <summary>Azure's largest data disk (32,767 GiB), the only use of a fixed VHD here.</summary>
    public const long VhdFixed = 32767 * Sizes.GiB;

    /// <summary>No image read here may claim more than 64 TiB (above every limit above).</summary>
    public const long MaxReadableBytes = 64 * Sizes.TiB;

    public const long MaxReadableSectors = MaxReadableBytes / 512;

    /// <summary>A snapshot chain longer than this is refused: vSphere supports 32 snapshots, and each link holds files open.</summary>
    public const int MaxChainLinks = 64;

    public static long For(DiskFormat format) => format switch
    {
        DiskFormat.Vmdk => Vmdk,
        DiskFormat.VmdkSparse or DiskFormat.VmfsSparse => SparseVmdk,
        DiskFormat.Vhd => VhdFixed,
        DiskFormat.VhdDynamic => VhdDynamic,
        _ => MaxReadableBytes,
    };
}
