using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.VSphere;

/// <summary>vSphere's VirtualMachinePowerState.</summary>
public enum VirtualMachinePowerState { PoweredOff, PoweredOn, Suspended }

/// <summary>The SCSI controller a VM's disks hang off (a master target must use LSI Logic, not Paravirtual).</summary>
public enum ScsiControllerType { LsiLogic, LsiLogicSas, ParaVirtual, BusLogic }

/// <summary>vSphere's VirtualMachineToolsRunningStatus.</summary>
public enum ToolsRunningStatus { GuestToolsNotRunning, GuestToolsRunning }

/// <summary>
/// A virtual disk: its device key and SCSI unit, capacity, and the datastore path of the newest file of
/// its chain (<c>[ds1] vm/vm-000001.vmdk</c> while a snapshot exists).
/// </summary>
public sealed record VirtualDiskInfo(int Key, int UnitNumber, string Label, long CapacityBytes, bool ThinProvisioned, string FileName, ManagedObjectReference Datastore, string Uuid);

/// <summary>A virtual NIC: its device key, port group and MAC address.</summary>
public sealed record VirtualNicInfo(int Key, string Label, string NetworkName, string MacAddress);

/// <summary>One node of the VM's snapshot tree (<c>snapshot.rootSnapshotList</c>).</summary>
public sealed record SnapshotTreeInfo(ManagedObjectReference Snapshot, int Id, string Name, string Description, DateTimeOffset CreateTime, bool Quiesced, IReadOnlyList<SnapshotTreeInfo> Children);

/// <summary>A migration the VM went through: storage vMotion changes the datastore, vMotion the host.</summary>
public sealed record MigrationRecord(DateTimeOffset Time, string Kind, string FromHost, string ToHost, string FromDatastore, string ToDatastore)
{
    public const string StorageVMotion = "StorageVMotion";
    public const string VMotion = "VMotion";
}

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
    public required ScsiControllerType ScsiController { get; init; }
    /// <summary>Advanced configuration parameters (<c>config.extraConfig</c>), e.g. <c>disk.EnableUUID</c>.</summary>
    public required IReadOnlyDictionary<string, string> ExtraConfig { get; init; }
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
