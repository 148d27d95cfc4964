using BenchmarkDotNet.Attributes;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks;

/// <summary>What the simulated Azure costs in wall time: deploying a failback topology, and a long transfer in virtual time.</summary>
[MemoryDiagnoser]
public class AzureBenchmarks
{
    private string _root = "";

    [GlobalSetup]
    public void Setup() => _root = Path.Combine(Path.GetTempPath(), "azure-bench");

    [IterationSetup]
    public void Clean()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Group, network, NIC, a process server VM from the marketplace image, a VPN gateway and connection.</summary>
    [Benchmark]
    public TimeSpan DeployProcessServerOverVpn() => Run(async (azure, sim, sub) =>
    {
        await Deploy(azure, sim, sub);
        return sim.Clock.Elapsed;
    });

    /// <summary>10 GiB from the process server to the master target over a VpnGw1 (about 2.2 virtual hours).</summary>
    [Benchmark]
    public TimeSpan Transfer10GiBOverVpn() => Run(async (azure, sim, sub) =>
    {
        await Deploy(azure, sim, sub);
        var start = sim.Clock.Elapsed;
        await azure.Network.TransferAsync("ps-1", "mt-1", 9443, 10L << 30);
        return sim.Clock.Elapsed - start;
    });

    private TimeSpan Run(Func<AzureCloud, Simulation, string, Task<TimeSpan>> body)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        var azure = new AzureCloud(sim, new AzureOptions { StorageRoot = _root, ImageOsDiskBytes = 4 << 20 });
        azure.Network.AddSite(new OnPremisesSite("onprem", ["192.168.0.0/16"], "203.0.113.10"));
        azure.Network.RegisterHost("mt-1", "192.168.10.6", "onprem");
        return sim.Run(() => body(azure, sim, azure.Options.SubscriptionId));
    }

    private static async Task Deploy(AzureCloud azure, Simulation sim, string sub)
    {
        const string location = "westeurope";
        await azure.CreateOrUpdateAsync(ResourceId.Group(sub, "rg"), new ResourceGroup { Location = location }, sim.Clock);
        var vnet = await azure.CreateOrUpdateAsync(ArmTypes.VirtualNetwork(sub, "rg", "net"), new VirtualNetwork
        {
            Location = location, AddressPrefixes = ["10.1.0.0/16"], Subnets = [new Subnet("default", "10.1.1.0/24"), new Subnet("GatewaySubnet", "10.1.255.0/27")],
        }, sim.Clock);
        var nic = await azure.CreateOrUpdateAsync(ArmTypes.NetworkInterface(sub, "rg", "ps-nic"), new NetworkInterface { Location = location, SubnetId = vnet.Subnets[0].Id }, sim.Clock);
        var image = (await azure.ListMarketplaceImagesAsync(location))[0].Reference;
        await azure.CreateOrUpdateAsync(ArmTypes.VirtualMachine(sub, "rg", "ps-1"), new VirtualMachine
        {
            Location = location, Image = image, AdminUsername = "psadmin", AdminPassword = "Str0ng!Passw0rd", NetworkInterfaceIds = [nic.Id!],
        }, sim.Clock);
        var gateway = await azure.CreateOrUpdateAsync(ArmTypes.VirtualNetworkGateway(sub, "rg", "gw"), new VirtualNetworkGateway { Location = location, VirtualNetworkId = vnet.Id }, sim.Clock);
        var local = await azure.CreateOrUpdateAsync(ArmTypes.LocalNetworkGateway(sub, "rg", "lng"),
            new LocalNetworkGateway { Location = location, GatewayIpAddress = "203.0.113.10", AddressPrefixes = ["192.168.0.0/16"] }, sim.Clock);
        await azure.CreateOrUpdateAsync(ArmTypes.Connection(sub, "rg", "s2s"), new VirtualNetworkGatewayConnection
        {
            Location = location, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "k",
        }, sim.Clock);
    }
}
