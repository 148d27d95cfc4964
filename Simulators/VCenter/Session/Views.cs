using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Changes;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Simulators.VCenter.Session;

/// <summary>The inventory as one account on one server sees it, in the port's records.</summary>
internal sealed class Views(ServiceInstance server, Account account)
{
    private bool Sees(ManagedEntity entity) => server.Sees(entity) && Audience.Visible(account, entity);

    private ManagedObjectReference Ref(ManagedEntity entity) => server.MoRefOf(entity);

    public InventoryView Inventory(string version)
    {
        var hosts = server.Hosts.ToList();
        var datastores = server.Site.Datastores.Where(Sees).ToList();
        var networks = server.Site.Networks.Where(Sees).ToList();
        var datacenters = server.IsVCenter ? server.Datacenters : [server.HostDatacenter!];
        return new InventoryView
        {
            About = server.About,
            Version = version,
            Datacenters = datacenters.Select(d => new DatacenterInfo(Ref(d), d.Name)).ToList(),
            Clusters = datacenters.SelectMany(d => d.Clusters).Select(c => new ClusterInfo(Ref(c), c.Name, Ref(c.Datacenter), c.Hosts.Select(Ref).ToList())).ToList(),
            Hosts = hosts.Select(Host).ToList(),
            Datastores = datastores.Select(Datastore).ToList(),
            Networks = networks.Select(n => new NetworkInfo(Ref(n), n.Name, n.Hosts.Where(Sees).Select(Ref).ToList())).ToList(),
            Vms = hosts.SelectMany(h => h.Vms).Select(Vm).ToList(),
        };
    }

    public HostSystemInfo Host(HostSystem host) => new()
    {
        MoRef = Ref(host),
        Name = host.Name,
        IpAddress = host.IpAddress,
        Version = host.Version,
        Build = host.Build,
        LicenseEdition = host.Edition,
        ConnectionState = host.ConnectionState,
        Datacenter = server.DatacenterOf(host) is { } dc ? Ref(dc) : null,
        Cluster = server.IsVCenter && host.Cluster is { } c ? Ref(c) : null,
        ManagedByVCenter = host.Datacenter is not null,
        ManagingServer = host.Datacenter?.Server.Name,
        CpuCores = host.CpuCores,
        MemoryBytes = host.MemoryBytes,
        Datastores = host.Datastores.Where(Sees).Select(Ref).ToList(),
        Networks = host.Networks.Select(Ref).ToList(),
        Vms = host.Vms.Select(Ref).ToList(),
    };

    public DatastoreInfo Datastore(Datastore ds) => new()
    {
        MoRef = Ref(ds),
        Name = ds.Name,
        Type = ds.DatastoreType,
        Url = ds.Url,
        Capacity = ds.Capacity,
        FreeSpace = ds.FreeSpace,
        Accessible = ds.Accessible,
        Hosts = ds.Hosts.Where(server.Sees).Select(Ref).ToList(),
    };

    public VirtualMachineInfo Vm(VirtualMachine vm) => new()
    {
        MoRef = Ref(vm),
        Name = vm.Name,
        Uuid = vm.Uuid.ToString(),
        InstanceUuid = vm.InstanceUuid.ToString(),
        GuestId = vm.GuestId,
        GuestFullName = GuestOsCatalog.Find(vm.GuestId).FullName,
        HardwareVersion = vm.HardwareVersion,
        NumCpu = vm.NumCpu,
        MemoryMB = vm.MemoryMB,
        MemoryReservationMB = vm.MemoryReservationMB,
        ScsiController = vm.ScsiController,
        ExtraConfig = new Dictionary<string, string>(vm.ExtraConfig, StringComparer.Ordinal),
        ExtraConfigInEffect = vm.RunningExtraConfig is { } running ? new Dictionary<string, string>(running, StringComparer.Ordinal) : null,
        Disks = vm.Disks.Select(d => d.ToInfo(Ref(d.Datastore))).ToList(),
        Nics = vm.Nics.Select(n => new VirtualNicInfo(n.Key, n.Label, n.NetworkName, n.MacAddress)).ToList(),
        PowerState = vm.PowerState,
        Host = Ref(vm.Host),
        Datastores = vm.AllDatastores.Where(Sees).Select(Ref).ToList(),
        VmPathName = vm.VmPathName,
        RootSnapshots = vm.RootSnapshots.Select(Snapshot).ToList(),
        CurrentSnapshot = vm.CurrentSnapshot is { } cur ? Ref(cur) : null,
        ToolsRunningStatus = vm.ToolsRunningStatus,
        Guest = vm.Guest,
        MigrationHistory = vm.MigrationHistory.ToList(),
    };

    private SnapshotTreeInfo Snapshot(VirtualMachineSnapshot s) =>
        new(Ref(s), s.Id, s.Name, s.Description, s.CreateTime, s.Quiesced, s.Children.Select(Snapshot).ToList());
}
