using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.VSphere;

/// <summary>A virtual machine as the server shows it (config, runtime, guest, snapshot and layout).</summary>
public sealed record VirtualMachineInfo
{
    public required ManagedObjectReference MoRef { get; init; }
    public required string Name { get; init; }
    /// <summary>The BIOS UUID (<c>config.uuid</c>).</summary>
    public required string Uuid { get; init; }
    public required string InstanceUuid { get; init; }
    /// <summary>vSphere's guest id, e.g. <c>windows7Server64Guest</c> or <c>centos6_64Guest</c>.</summary>
    public required string GuestId { get; init; }
    public required string GuestFullName { get; init; }
    /// <summary>e.g. <c>vmx-13</c>.</summary>
    public required string HardwareVersion { get; init; }
    public required int NumCpu { get; init; }
    public required int MemoryMB { get; init; }
    /// <summary>Memory the host guarantees the VM (<c>config.memoryAllocation.reservation</c>, MB); 0: none, the host may overcommit.</summary>
    public int MemoryReservationMB { get; init; }
    public required ScsiControllerType ScsiController { get; init; }
    /// <summary>Advanced configuration parameters (<c>config.extraConfig</c>), e.g. <c>disk.EnableUUID</c>.</summary>
    public required IReadOnlyDictionary<string, string> ExtraConfig { get; init; }
    /// <summary>
    /// The parameters a running VM powered on with (null while powered off): a change to <see cref="ExtraConfig"/> made
    /// while it runs takes effect at the next power cycle. vSphere has no property for this; the guest sees it (with
    /// disk.EnableUUID in effect its disks report serial numbers), which is how the master target's agent tells it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExtraConfigInEffect { get; init; }
    public required IReadOnlyList<VirtualDiskInfo> Disks { get; init; }
    public required IReadOnlyList<VirtualNicInfo> Nics { get; init; }
    public required VirtualMachinePowerState PowerState { get; init; }
    public required ManagedObjectReference Host { get; init; }
    public required IReadOnlyList<ManagedObjectReference> Datastores { get; init; }
    /// <summary>The datastore path of the .vmx file (<c>config.files.vmPathName</c>).</summary>
    public required string VmPathName { get; init; }
    public required IReadOnlyList<SnapshotTreeInfo> RootSnapshots { get; init; }
    public ManagedObjectReference? CurrentSnapshot { get; init; }
    public required ToolsRunningStatus ToolsRunningStatus { get; init; }
    /// <summary>The guest's own state as VMware Tools reports it (OS, NICs, packages, Tools).</summary>
    public required GuestState Guest { get; init; }
    /// <summary>Past migrations, oldest first (a storage-vMotioned master target breaks failback, PRE-8).</summary>
    public required IReadOnlyList<MigrationRecord> MigrationHistory { get; init; }

    public bool HasSnapshots => RootSnapshots.Count > 0;
}
