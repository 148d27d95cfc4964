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
}
