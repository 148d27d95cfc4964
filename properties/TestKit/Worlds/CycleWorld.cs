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
/// Both simulators in one simulation, joined by a site-to-site VPN: vCenter vc1 (esxi-01 with ds1,
/// esxi-02 with ds2), a Windows master target mt-01 on esxi-01, an app VM app-01 with one small disk;
/// Azure with the recovery network; and a vault over them with an on-premises process server.
/// </summary>
public sealed class CycleWorld : IDisposable
{
    public const string Vc1 = "vc1.corp.local", Admin = "administrator@vsphere.local", Password = "VMware1!";
    public const string ReadOnlyUser = "readonly@vsphere.local";
    public const string Passphrase = "correct-horse-battery";
    public const long DiskSize = 4L << 20;
    public const string Site = "onprem";

    /// <param name="hosted">True to run under Coyote (Sim.RunHostedAsync instead of <see cref="Run"/>).</param>
    public CycleWorld(ulong seed = 1, bool vpn = true, bool hosted = false)
    {
        Root = Path.Combine(Path.GetTempPath(), $"cycle-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        Directory.CreateDirectory(Root);
        Sim = new Simulation(new SimulationOptions { Seed = seed, Hosted = hosted });
        VSphere = new VSphereSite(Sim, new VSphereSiteOptions { RootDirectory = Path.Combine(Root, "site"), Latency = Simulators.VCenter.Tasks.VCenterLatency.None });
        Azure = new AzureCloud(Sim, new AzureOptions { StorageRoot = Path.Combine(Root, "azure"), MinimumUploadBytes = (1L << 20) + 512, ImageOsDiskBytes = 4L << 20 });
        BuildSite();
        Vpn = vpn;
    }

    private static int _counter;
    public string Root { get; }
    public Simulation Sim { get; }
    public VSphereSite VSphere { get; }
    public AzureCloud Azure { get; }
    public bool Vpn { get; }
    public ServiceInstance Vc { get; private set; } = null!;
    public HostSystem Esxi1 { get; private set; } = null!;
    public HostSystem Esxi2 { get; private set; } = null!;
    public Datastore Ds1 { get; private set; } = null!;
    public VirtualMachine MasterTargetVm { get; private set; } = null!;
    public VirtualMachine App { get; private set; } = null!;
    public SiteRecoveryVault Vault { get; private set; } = null!;
    /// <summary>The ports the vault is built on (set before SetUpAsync): tests wrap or replace one here, or plant a faulty variant.</summary>
    public WorldPorts Ports { get; set; } = WorldPorts.Simulated;
    public string Sub => Azure.Options.SubscriptionId;

    public static GuestState AppGuest => new()
    {
        OsName = "CentOS 7.9", IsLinux = true, HostName = "app-01",
        Nics = [new GuestNic("eth0", AddressMode.Static, "10.0.5.20")],
        Packages = new HashSet<string>(["NetworkManager", "httpd"], StringComparer.Ordinal),
    };

    private void BuildSite()
    {
        var site = VSphere;
        var vc = Vc = site.AddVCenter(Vc1, Password);
        vc.AddAccount(ReadOnlyUser, Password, vc.ReadOnlyRole);
        site.AddLicense("FREE-2222", LicenseEdition.Free);
        var dc = vc.AddDatacenter("DC1");
        var cluster = vc.AddCluster(dc, "C1");
        Esxi1 = site.AddHost("esxi-01.corp.local", "10.0.0.11", "7.0.0", LicenseEdition.Enterprise, Password, cluster: cluster, memoryBytes: 64L << 30);
        Esxi2 = site.AddHost("esxi-02.corp.local", "10.0.0.12", "7.0.0", LicenseEdition.Enterprise, Password, cluster: cluster, memoryBytes: 64L << 30);
        Ds1 = site.AddDatastore("ds1", DatastoreType.Vmfs, 1L << 30, Esxi1, Esxi2);
        site.AddDatastore("ds2", DatastoreType.Vmfs, 1L << 30, Esxi2);
        site.AddNetwork("VM Network", Esxi1, Esxi2);
        MasterTargetVm = site.CreateVm(Esxi1, Ds1, new VirtualMachineConfigSpec
        {
            Name = "mt-01", GuestId = "windows9Server64Guest", MemoryMB = 8192, NumCpu = 4,
            ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "True" },
            AddDisks = [new VirtualDiskSpec(DiskSize)], AddNics = [new VirtualNicSpec("VM Network")],
        }, new GuestState { OsName = "Windows Server 2012 R2", HostName = "mt-01", Nics = [new GuestNic("Ethernet0", AddressMode.Static, "10.0.0.50")] });
        App = site.CreateVm(Esxi2, Ds1, new VirtualMachineConfigSpec
        {
            Name = "app-01", GuestId = "centos7_64Guest", MemoryMB = 2048, NumCpu = 2,
            AddDisks = [new VirtualDiskSpec(DiskSize)], AddNics = [new VirtualNicSpec("VM Network")],
        }, AppGuest);
        site.SetPowerState(App, VirtualMachinePowerState.PoweredOn);
        site.SetPowerState(MasterTargetVm, VirtualMachinePowerState.PoweredOn);

        var net = Azure.Network;
        net.AddSite(new OnPremisesSite(Site, ["10.0.0.0/16"], "203.0.113.10") { InternetMbps = 1000 });
        net.RegisterHost("cs-01", "10.0.9.5", Site);
        net.RegisterHost("ps-onprem", "10.0.9.6", Site);
        net.RegisterHost("mt-01", "10.0.0.50", Site);
        net.RegisterHost("app-01", "10.0.5.20", Site);
    }

    public void Run(Func<Task> body) => Sim.Run(body);

    /// <summary>The Azure side (resource group, recovery network, VPN), the vault, its servers, and app-01 added.</summary>
    public async Task SetUpAsync()
    {
        var t = Sim.Clock;
        await Azure.CreateOrUpdateAsync(ResourceId.Group(Sub, "asr-recovery"), new ResourceGroup { Location = "westeurope" }, t);
        var vnet = await Azure.CreateOrUpdateAsync(ArmTypes.VirtualNetwork(Sub, "asr-recovery", "recovery-net"), new VirtualNetwork
        {
            Location = "westeurope", AddressPrefixes = ["10.1.0.0/16"], Subnets = [new Subnet("default", "10.1.1.0/24"), new Subnet("GatewaySubnet", "10.1.255.0/27")],
        }, t);
        if (Vpn)
        {
            await AddVpnAsync(vnet);
        }
        Vault = new SiteRecoveryVault(Ports.VSphere(VSphere), Ports.Arm(Azure), Ports.Blobs(Azure.BlobStorage), Ports.Network(Azure.Network), new VaultSettings
        {
            VCenterServer = Vc1, VCenterUser = Admin, VCenterPassword = Password,
            ConfigurationDatabasePath = Path.Combine(Root, "cs.db"), ConfigurationServerIp = "10.0.9.5", Passphrase = Passphrase,
            PassphraseSalt = TestSalt.Bytes,
            JournalDirectory = Path.Combine(Root, "journals"), SubscriptionId = Sub, RecoveryNetwork = "recovery-net",
        }, t, Ports.PhysicalServers(VSphere));
        await Vault.ConnectAsync();
        Vault.AddProcessServer("ps-onprem", "10.0.9.6");
        await Vault.DeployProcessServerInAzureAsync("ps-azure");
        await Vault.AddMasterTargetAsync("mt-01", [new VolumeInfo("C:", "NTFS", 100L << 30), new VolumeInfo("R:", "NTFS", 200L << 30)], "R:");
        await Vault.AddVirtualMachineAsync("app-01");
    }

    /// <summary>A site-to-site VPN from the on-premises site to <paramref name="vnet"/>.</summary>
    public async Task AddVpnAsync(VirtualNetwork vnet)
    {
        var t = Sim.Clock;
        var gateway = await Azure.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(Sub, "asr-recovery", $"{vnet.Name}-vpn-gw"),
            new VirtualNetworkGateway { Location = "westeurope", VirtualNetworkId = vnet.Id, GatewayType = GatewayType.Vpn, Sku = "VpnGw1" }, t);
        var local = await Azure.CreateOrUpdateAsync(ArmTypes.LocalNetworkGateway(Sub, "asr-recovery", "onprem-lng"),
            new LocalNetworkGateway { Location = "westeurope", GatewayIpAddress = "203.0.113.10", AddressPrefixes = ["10.0.0.0/16"] }, t);
        await Azure.CreateOrUpdateAsync(ArmTypes.Connection(Sub, "asr-recovery", $"s2s-{vnet.Name}"), new VirtualNetworkGatewayConnection
        {
            Location = "westeurope", ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "k3y",
        }, t);
    }

    /// <summary>Another virtual network in the recovery resource group (not the one failed-over VMs join).</summary>
    public Task<VirtualNetwork> AddVnetAsync(string name, string prefix) =>
        Azure.CreateOrUpdateAsync(ArmTypes.VirtualNetwork(Sub, "asr-recovery", name), new VirtualNetwork
        {
            Location = "westeurope", AddressPrefixes = [prefix + ".0.0/16"], Subnets = [new Subnet("default", prefix + ".1.0/24"), new Subnet("GatewaySubnet", prefix + ".255.0/27")],
        }, Sim.Clock);

    public Task<VirtualNetwork> RecoveryNetworkAsync() => Azure.GetAsync<VirtualNetwork>(ArmTypes.VirtualNetwork(Sub, "asr-recovery", "recovery-net"), Sim.Clock);

    /// <summary>An ExpressRoute circuit from the site, provisioned by its provider, with <paramref name="peerings"/>, connected to <paramref name="vnet"/>.</summary>
    public async Task<ExpressRouteCircuit> AddExpressRouteAsync(VirtualNetwork vnet, params PeeringType[] peerings)
    {
        var t = Sim.Clock;
        var id = ArmTypes.ExpressRouteCircuit(Sub, "asr-recovery", "er-1");
        var body = new ExpressRouteCircuit { Location = "westeurope", ServiceProviderName = "Equinix", PeeringLocation = "Amsterdam", BandwidthInMbps = 1000 };
        await Azure.CreateOrUpdateAsync(id, body, t);
        Azure.Network.ProvisionCircuit(id, Site);
        var circuit = await Azure.CreateOrUpdateAsync(id, body with { Peerings = [.. peerings.Select(p => new ExpressRoutePeering(p))] }, t);
        var gateway = await Azure.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(Sub, "asr-recovery", $"{vnet.Name}-er-gw"),
            new VirtualNetworkGateway { Location = "westeurope", VirtualNetworkId = vnet.Id, GatewayType = GatewayType.ExpressRoute, Sku = "Standard" }, t);
        await Azure.CreateOrUpdateAsync(ArmTypes.Connection(Sub, "asr-recovery", $"er-{vnet.Name}"), new VirtualNetworkGatewayConnection
        {
            Location = "westeurope", ConnectionType = ConnectionType.ExpressRoute, VirtualNetworkGatewayId = gateway.Id, ExpressRouteCircuitId = circuit.Id,
        }, t);
        return circuit;
    }

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
        Vault?.Dispose();
        Sim.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
