namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>
/// diskState: Attached to a VM that holds its hardware, Reserved while that VM is deallocated; ReadyToUpload then ActiveUpload
/// while an upload SAS is granted, ActiveSAS while a read SAS is. Frozen and ActiveSASFrozen (a hibernated VM's disks) are not
/// modelled: the simulated VMs do not hibernate.
/// </summary>
public enum DiskState { Unattached, Attached, ReadyToUpload, ActiveUpload, ActiveSAS, Reserved }
