namespace Failback.Simulators.Disks;

/// <summary>The image formats DiskSim reads and writes.</summary>
public enum DiskFormat
{
    /// <summary>A plain file of bytes, no signature.</summary>
    Raw,

    /// <summary>ESXi disk: a descriptor (<c>createType="vmfs"</c>, or qemu's monolithicFlat) plus flat extent files.</summary>
    Vmdk,

    /// <summary>Hosted sparse VMDK (<c>monolithicSparse</c>, KDMV header, grain directory and redundant grain directory).</summary>
    VmdkSparse,

    /// <summary>ESXi snapshot: a <c>vmfsSparse</c> descriptor plus a COWD <c>-delta.vmdk</c> falling through to its parent.</summary>
    VmfsSparse,

    /// <summary>Fixed VHD as Azure takes it: N MiB of data plus a 512-byte footer.</summary>
    Vhd,

    /// <summary>Dynamic VHD: footer copy, cxsparse header, BAT and 2 MiB blocks.</summary>
    VhdDynamic,
}
