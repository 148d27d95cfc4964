using Failback.Engine.Components;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using VirtualMachine = Failback.Simulators.VCenter.Inventory.VirtualMachine;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Failback.Engine.Vault;
using Failback.Scenarios.World;
using Failback.Simulators.Azure;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Kernel;
using Failback.Simulators.VCenter;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.TestKit.Worlds;

/// <summary>
/// The engine tests' world, built by the one world builder (<see cref="DrillWorld"/>) from the
/// <see cref="Topology.Cycle"/> preset: vCenter vc1 (esxi-01 with ds1, esxi-02 with ds1 and ds2), a Windows master
/// target mt-01 on esxi-01, an app VM app-01 with one small disk; Azure with the recovery network, joined by a
/// site-to-site VPN; and a vault over them with an on-premises process server. This class only names its objects.
/// </summary>
public sealed class CycleWorld : IDisposable
{
    public const string Vc1 = "vc1.corp.local", Admin = "administrator@vsphere.local", Password = "VMware1!";
    public const string ReadOnlyUser = "readonly@vsphere.local";
    public const string Passphrase = "correct-horse-battery";
    public const long DiskSize = 4L << 20;
    public const string Site = VaultTopology.SiteName;

    private readonly RunFolder _folder = new(keep: false);

    /// <param name="hosted">True to run under Coyote (Sim.RunHostedAsync instead of <see cref="Run"/>).</param>
    public CycleWorld(ulong seed = 1, bool vpn = true, bool hosted = false)
    {
        Sim = new Simulation(new SimulationOptions { Seed = seed, Hosted = hosted });
        World = DrillWorld.Create(Sim, _folder, Topology.Cycle(vpn));
        Vpn = vpn;
    }

    /// <summary>The world as the one builder made it: steps, machines and ground truth of the drill runner work on it too.</summary>
    public DrillWorld World { get; }
    public string Root => _folder.Path;
    public Simulation Sim { get; }
    public VSphereSite VSphere => World.Site;
    public AzureCloud Azure => World.Azure!.Cloud;
    public bool Vpn { get; }
    public ServiceInstance Vc => World.Server(Vc1);
    public HostSystem Esxi1 => World.Host("esxi-01.corp.local");
    public HostSystem Esxi2 => World.Host("esxi-02.corp.local");
    public Datastore Ds1 => World.Datastore("ds1");
    public VirtualMachine MasterTargetVm => World.Vm("mt-01");
    public VirtualMachine App => World.Vm("app-01");
    public SiteRecoveryVault Vault => World.Vault!;
    /// <summary>The ports the vault is built on (set before SetUpAsync): tests wrap or replace one here, or plant a faulty variant.</summary>
    public WorldPorts Ports { get => World.Ports; set => World.Ports = value; }
    public string Sub => Azure.Options.SubscriptionId;

    public static GuestState AppGuest => new()
    {
        OsName = "CentOS 7.9", IsLinux = true, HostName = "app-01",
        Nics = [new GuestNic("eth0", AddressMode.Static, "10.0.5.20")],
        Packages = new HashSet<string>(["NetworkManager", "httpd"], StringComparer.Ordinal),
    };

    public void Run(Func<Task> body) => Sim.Run(body);

    /// <summary>The Azure side (resource group, recovery network, VPN), the vault, its servers, and app-01 added.</summary>
    public Task SetUpAsync() => World.SetUpAsync();

    /// <summary>A site-to-site VPN from the on-premises site to <paramref name="vnet"/>.</summary>
    public Task AddVpnAsync(VirtualNetwork vnet) => World.Azure!.AddVpnAsync(vnet, $"{vnet.Name}-vpn-gw", $"s2s-{vnet.Name}", "k3y", Sim.Clock);

    /// <summary>Another virtual network in the recovery resource group (not the one failed-over VMs join).</summary>
    public Task<VirtualNetwork> AddVnetAsync(string name, string prefix) => World.Azure!.AddNetworkAsync(name, prefix + ".0.0/16", prefix + ".1.0/24", Sim.Clock);

    public Task<VirtualNetwork> RecoveryNetworkAsync() => Azure.GetAsync<VirtualNetwork>(ArmTypes.VirtualNetwork(Sub, "asr-recovery", "recovery-net"), Sim.Clock);

    /// <summary>An ExpressRoute circuit from the site, provisioned by its provider, with <paramref name="peerings"/>, connected to <paramref name="vnet"/>.</summary>
    public Task<ExpressRouteCircuit> AddExpressRouteAsync(VirtualNetwork vnet, params PeeringType[] peerings) =>
        World.Azure!.AddExpressRouteAsync(vnet, "er-1", $"{vnet.Name}-er-gw", $"er-{vnet.Name}", peerings, Sim.Clock);

    public const string Vc2 = "vc2.branch.local";

    /// <summary>A second vCenter (vc2: esxi-03 with ds3) with a Windows master target mt-02 on it.</summary>
    public VirtualMachine AddSecondVCenter()
    {
        var vc = VSphere.AddVCenter(Vc2, Password);
        var cluster = vc.AddCluster(vc.AddDatacenter("DC2"), "C2");
        var host = VSphere.AddHost("esxi-03.branch.local", "10.0.1.13", "7.0.0", LicenseEdition.Enterprise, Password, cluster: cluster, memoryBytes: 64L << 30);
        var ds3 = VSphere.AddDatastore("ds3", DatastoreType.Vmfs, 1L << 30, host);
        VSphere.AddNetwork("Branch Network", host);
        var mt = VSphere.CreateVm(host, ds3, new VirtualMachineConfigSpec
        {
            Name = "mt-02", GuestId = "windows9Server64Guest", MemoryMB = 8192, NumCpu = 4,
            ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "True" },
            AddDisks = [new VirtualDiskSpec(DiskSize)], AddNics = [new VirtualNicSpec("Branch Network")],
        }, new GuestState { OsName = "Windows Server 2012 R2", HostName = "mt-02", Nics = [new GuestNic("Ethernet0", AddressMode.Static, "10.0.1.50")] });
        VSphere.SetPowerState(mt, VirtualMachinePowerState.PoweredOn);
        Azure.Network.RegisterHost("mt-02", "10.0.1.50", Site);
        return mt;
    }

    /// <summary>Another running Linux VM on esxi-02 with one small disk, known to the network at <paramref name="ip"/>.</summary>
    public VirtualMachine AddAppVm(string name, string ip)
    {
        var vm = VSphere.CreateVm(Esxi2, Ds1, new VirtualMachineConfigSpec
        {
            Name = name, GuestId = "centos7_64Guest", MemoryMB = 2048, NumCpu = 2,
            AddDisks = [new VirtualDiskSpec(DiskSize)], AddNics = [new VirtualNicSpec("VM Network")],
        }, AppGuest with { HostName = name, Nics = [new GuestNic("eth0", AddressMode.Static, ip)] });
        VSphere.SetPowerState(vm, VirtualMachinePowerState.PoweredOn);
        Azure.Network.RegisterHost(name, ip, Site);
        return vm;
    }

    public Task<IVSphereSession> AdminSessionAsync() => VSphere.LoginAsync(Vc1, Admin, Password);

    public void Dispose()
    {
        World.Dispose();
        Sim.Dispose();
        _folder.Dispose();
    }
}
