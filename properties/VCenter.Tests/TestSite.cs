using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.VCenter.Tests;

/// <summary>
/// A small site in a temporary folder: vCenter vc1 (DC1/C1 with esxi-01 and esxi-02, datastores ds1 on
/// both hosts and ds2 on esxi-02 only), vCenter vc2 (DC2 with esxi-21 and ds21), a standalone free
/// ESXi 5.5 host esxi-free with its local datastore, and a master target VM and an app VM on vc1.
/// </summary>
public sealed class TestSite : IDisposable
{
    public const string Vc1 = "vc1.corp.local";
    public const string Vc2 = "vc2.corp.local";
    public const string Admin = "administrator@vsphere.local";
    public const string Password = "VMware1!";
    public const string ReadOnlyUser = "readonly@vsphere.local";
    public const string OperatorUser = "operator@vsphere.local";
    public const long DiskSize = 16L << 20;

    public TestSite(ulong seed = 42, Stream? trace = null, bool latency = true, bool build = true)
    {
        Root = Path.Combine(Path.GetTempPath(), $"vcenter-tests-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        Simulation = new Simulation(new SimulationOptions { Seed = seed, TraceOutput = trace });
        Site = new VSphereSite(Simulation, new VSphereSiteOptions
        {
            RootDirectory = Root,
            Latency = latency ? new Simulators.VCenter.Tasks.VCenterLatency() : Simulators.VCenter.Tasks.VCenterLatency.None,
        });
        if (build) Build();
    }

    private static int _counter;

    public string Root { get; }
    public Simulation Simulation { get; }
    public VSphereSite Site { get; }
    public ServiceInstance VCenter1 { get; private set; } = null!;
    public ServiceInstance VCenter2 { get; private set; } = null!;
    public HostSystem Esxi1 { get; private set; } = null!;
    public HostSystem Esxi2 { get; private set; } = null!;
    public HostSystem Esxi21 { get; private set; } = null!;
    public HostSystem FreeHost { get; private set; } = null!;
    public Datastore Ds1 { get; private set; } = null!;
    public Datastore Ds2 { get; private set; } = null!;
    public Datastore Ds21 { get; private set; } = null!;
    public Datastore FreeLocal { get; private set; } = null!;
    public VirtualMachine MasterTarget { get; private set; } = null!;
    public VirtualMachine App { get; private set; } = null!;

    private void Build()
    {
        var site = Site;
        site.AddLicense("EVAL-0000", LicenseEdition.Evaluation);
        site.AddLicense("ENT-1111", LicenseEdition.Enterprise);
        site.AddLicense("FREE-2222", LicenseEdition.Free);
        VCenter1 = site.AddVCenter(Vc1, Password);
        VCenter1.AddAccount(ReadOnlyUser, Password, VCenter1.ReadOnlyRole);
        var operatorRole = VCenter1.AddRole("VmOperator", [.. Privileges.ReadOnly, Privileges.VmPowerOn, Privileges.VmPowerOff, Privileges.DatastoreBrowse]);
        VCenter1.AddAccount(OperatorUser, Password, operatorRole);
        var dc1 = VCenter1.AddDatacenter("DC1");
        var c1 = VCenter1.AddCluster(dc1, "C1");
        Esxi1 = site.AddHost("esxi-01.corp.local", "10.0.0.11", "7.0.0", LicenseEdition.Enterprise, Password, cluster: c1, memoryBytes: 64L << 30);
        Esxi2 = site.AddHost("esxi-02.corp.local", "10.0.0.12", "6.7.0", LicenseEdition.Evaluation, Password, cluster: c1);
        Ds1 = site.AddDatastore("ds1", DatastoreType.Vmfs, 1L << 30, Esxi1, Esxi2);
        Ds2 = site.AddDatastore("ds2", DatastoreType.Vmfs, 1L << 30, Esxi2);
        site.AddNetwork("VM Network", Esxi1, Esxi2);

        VCenter2 = site.AddVCenter(Vc2, Password);
        var dc2 = VCenter2.AddDatacenter("DC2");
        Esxi21 = site.AddHost("esxi-21.corp.local", "10.0.1.21", "6.5.0", LicenseEdition.Standard, Password, datacenter: dc2);
        Ds21 = site.AddDatastore("ds21", DatastoreType.Vsan, 1L << 30, Esxi21);
        site.AddNetwork("VM Network", Esxi21);

        FreeHost = site.AddHost("esxi-free.corp.local", "10.0.2.31", "5.5.0", LicenseEdition.Free, Password);
        FreeLocal = site.AddDatastore("esxi-free-local", DatastoreType.Vmfs, 1L << 30, FreeHost);
        site.AddNetwork("VM Network", FreeHost);

        MasterTarget = site.CreateVm(Esxi1, Ds1, new VirtualMachineConfigSpec
        {
            Name = "mt-01",
            GuestId = "centos6_64Guest",
            AddDisks = [new VirtualDiskSpec(DiskSize)],
            AddNics = [new VirtualNicSpec("VM Network")],
        });
        App = site.CreateVm(Esxi2, Ds1, new VirtualMachineConfigSpec
        {
            Name = "app-01",
            GuestId = "windows7Server64Guest",
            AddDisks = [new VirtualDiskSpec(DiskSize), new VirtualDiskSpec(DiskSize, ThinProvisioned: false, Datastore: null)],
            AddNics = [new VirtualNicSpec("VM Network")],
        }, new GuestState { OsName = "Microsoft Windows Server 2008 R2 SP1 (64-bit)", Nics = [new GuestNic("Ethernet0", AddressMode.Static, "10.0.5.20")] });
    }

    public void Run(Func<Task> body) => Simulation.Run(body);

    public T Run<T>(Func<Task<T>> body) => Simulation.Run(body);

    public Task<IVSphereSession> Login(string server = Vc1, string user = Admin, string password = Password) => Site.LoginAsync(server, user, password);

    /// <summary>Every VMDK descriptor under the site's root.</summary>
    public IEnumerable<string> Vmdks() =>
        Directory.EnumerateFiles(Root, "*.vmdk", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("-flat.vmdk", StringComparison.Ordinal) && !p.EndsWith("-delta.vmdk", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public void Dispose()
    {
        Simulation.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
