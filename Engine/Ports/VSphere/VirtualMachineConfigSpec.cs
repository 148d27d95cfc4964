namespace Failback.Engine.Ports.VSphere;

/// <summary>A new virtual disk: its capacity, provisioning, and the datastore (the VM's own when null).</summary>
public sealed record VirtualDiskSpec(long CapacityBytes, bool ThinProvisioned = true, ManagedObjectReference? Datastore = null);

/// <summary>A new virtual NIC on the named port group.</summary>
public sealed record VirtualNicSpec(string NetworkName);

/// <summary>
/// vSphere's VirtualMachineConfigSpec: for CreateVM every field that matters is given; for ReconfigVM
/// only the fields to change are set (null leaves a setting as it is). An extraConfig value of ""
/// removes the key, as in vSphere.
/// </summary>
public sealed record VirtualMachineConfigSpec
{
    public string? Name { get; init; }
    public string? GuestId { get; init; }
    public string? HardwareVersion { get; init; }
    public int? NumCpu { get; init; }
    public int? MemoryMB { get; init; }
    /// <summary>Memory the host guarantees the VM (<c>memoryAllocation.reservation</c>, MB): power-on is admitted only when the host can.</summary>
    public int? MemoryReservationMB { get; init; }
    public ScsiControllerType? ScsiController { get; init; }
    public IReadOnlyDictionary<string, string>? ExtraConfig { get; init; }
    /// <summary>Disks to add.</summary>
    public IReadOnlyList<VirtualDiskSpec> AddDisks { get; init; } = [];
    /// <summary>NICs to add.</summary>
    public IReadOnlyList<VirtualNicSpec> AddNics { get; init; } = [];
    /// <summary>Existing disks to attach, by datastore path (<c>[DS1] vm/vm.vmdk</c>): a deviceChange add without a file operation.</summary>
    public IReadOnlyList<string> AttachDisks { get; init; } = [];
    /// <summary>Disks to detach, by datastore path: a deviceChange remove without destroying the file.</summary>
    public IReadOnlyList<string> DetachDisks { get; init; } = [];
}

/// <summary>vSphere's VirtualMachineRelocateSpec: a new datastore (storage vMotion), a new host (vMotion), or both.</summary>
public sealed record VirtualMachineRelocateSpec(ManagedObjectReference? Datastore = null, ManagedObjectReference? Host = null);

/// <summary>vSphere's HostConnectSpec: how vCenter reaches and logs in to an ESXi host it is to manage.</summary>
public sealed record HostConnectSpec(string HostName, string UserName, string Password);
