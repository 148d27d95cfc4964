using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;

namespace Failback.Simulators.VCenter.Inventory;

/// <summary>
/// A virtual machine: its configuration (guest OS, hardware version, controller, extraConfig, disks,
/// NICs), runtime (power state, host), snapshot tree, the guest's own state and its migration history.
/// Its files live in one folder of its home datastore: <c>name.vmx</c> and the disks' VMDKs.
/// </summary>
public sealed class VirtualMachine(string name) : ManagedEntity(ManagedObjectTypes.VirtualMachine, name)
{
    public required Guid Uuid { get; init; }
    public required Guid InstanceUuid { get; init; }
    public required string GuestId { get; set; }
    public required string HardwareVersion { get; set; }
    public int NumCpu { get; set; } = 2;
    public int MemoryMB { get; set; } = 4096;
    /// <summary>Memory the host guarantees it (<c>sched.mem.min</c>); only reservations count at power-on admission.</summary>
    public int MemoryReservationMB { get; set; }
    public ScsiControllerType ScsiController { get; set; } = ScsiControllerType.LsiLogic;
    /// <summary>Ordinal order keeps the .vmx and every listing stable.</summary>
    public SortedDictionary<string, string> ExtraConfig { get; } = new(StringComparer.Ordinal);
    public List<VirtualDisk> Disks { get; } = [];
    public List<VirtualEthernetCard> Nics { get; } = [];
    public VirtualMachinePowerState PowerState
    {
        get;
        internal set
        {
            // The running VM reads its configuration parameters when it powers on (ESXi's VMX process): a change made
            // while it runs, such as disk.EnableUUID, is in the .vmx at once but takes effect at the next power cycle.
            if (value == VirtualMachinePowerState.PoweredOn && field != VirtualMachinePowerState.PoweredOn)
                RunningExtraConfig = new Dictionary<string, string>(ExtraConfig, StringComparer.Ordinal);
            else if (value != VirtualMachinePowerState.PoweredOn) RunningExtraConfig = null;
            field = value;
        }
    } = VirtualMachinePowerState.PoweredOff;
    /// <summary>The configuration parameters the running VM powered on with; null while it is not powered on.</summary>
    internal IReadOnlyDictionary<string, string>? RunningExtraConfig { get; private set; }
    public required HostSystem Host { get; set; }
    /// <summary>The datastore of the VM's folder and .vmx file.</summary>
    public required Datastore Datastore { get; set; }
    /// <summary>The VM's folder, relative to its datastore (a rename keeps it; a storage vMotion may change it).</summary>
    public required string Folder { get; set; }
    /// <summary>The .vmx file's name, fixed at creation as ESXi fixes it.</summary>
    public required string VmxName { get; init; }
    public List<VirtualMachineSnapshot> RootSnapshots { get; } = [];
    public VirtualMachineSnapshot? CurrentSnapshot { get; internal set; }
    internal int NextSnapshotId { get; set; } = 1;
    /// <summary>The guest's content: set by the scenario (or carried back from Azure after failover).</summary>
    public required GuestState Guest { get; set; }
    public List<MigrationRecord> MigrationHistory { get; } = [];

    public string VmxFile => $"{Folder}/{VmxName}";
    public string VmPathName => $"[{Datastore.Name}] {VmxFile}";
    public bool IsPoweredOn => PowerState == VirtualMachinePowerState.PoweredOn;

    public ToolsRunningStatus ToolsRunningStatus =>
        IsPoweredOn && Guest.VmwareToolsEnabled ? ToolsRunningStatus.GuestToolsRunning : ToolsRunningStatus.GuestToolsNotRunning;

    /// <summary>Every datastore the VM has files on.</summary>
    public IEnumerable<Datastore> AllDatastores => Disks.Select(d => d.Datastore).Prepend(Datastore).Distinct();

    public IEnumerable<VirtualMachineSnapshot> AllSnapshots => RootSnapshots.SelectMany(Flatten);

    private static IEnumerable<VirtualMachineSnapshot> Flatten(VirtualMachineSnapshot s) => s.Children.SelectMany(Flatten).Prepend(s);
}
