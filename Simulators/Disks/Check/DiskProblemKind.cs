namespace Failback.Simulators.Disks.Check;

/// <summary>The corruptions the checker names, one kind each.</summary>
public enum DiskProblemKind
{
    /// <summary>The file cannot be parsed as the format it claims (bad magic, bad header field, unsupported variant).</summary>
    Unreadable,
    VhdFooterChecksum,
    VhdFooterCopyMismatch,
    VhdSizeMismatch,
    VhdDynamicHeaderChecksum,
    VhdBlockPastEndOfFile,
    ExtentFileMissing,
    FlatExtentTooShort,
    GrainTablePastEndOfFile,
    GrainTableEntryPastEndOfFile,
    GrainDirectoryMismatch,
    ParentCidMismatch,
    ParentMissing,

    /// <summary>A sparse extent shorter than its header's own layout (qemu: "File truncated").</summary>
    ExtentTruncated,
    GrainDirectoryPastEndOfFile,

    /// <summary>A primary grain directory entry is zero while the redundant copy still maps data: that data reads as lost.</summary>
    GrainDirectoryEntryLost,

    /// <summary>A snapshot (vmfsSparse) that names no usable parent, so it would read its parent's areas as zeros.</summary>
    ParentLinkDamaged,
    ParentChainCycle,
    ChainTooLong,

    /// <summary>Extent or header sizes beyond what the format can hold (or beyond a 64-bit byte count).</summary>
    SizeOutOfRange,
    VhdBatPastEndOfFile,

    /// <summary>The changed-block-tracking side file is corrupt: earlier change ids are void (a CBT reset) and the next copy is full.</summary>
    ChangeTrackingCorrupt,
}
