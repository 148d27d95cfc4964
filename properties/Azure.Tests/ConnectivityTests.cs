using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Network;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Kernel;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>The links between the on-premises site and Azure, and the reachability and timing they give (ER-1, ER-2, ER-3).</summary>
public class ConnectivityTests
{
    private const string Site = "onprem";
    private const int ConfigurationServerPort = 443, ReplicationPort = 9443;

    /// <summary>A site with a configuration server and master target, and a process server VM in "net-a".</summary>
    private static async Task<VirtualNetwork> Topology(AzureWorld w, int? internetMbps = null)
    {
        w.Cloud.Network.AddSite(new OnPremisesSite(Site, ["192.168.0.0/16"], "203.0.113.10") { Latency = TimeSpan.FromMilliseconds(15), InternetMbps = internetMbps });
        w.Cloud.Network.RegisterHost("cs-1", "192.168.10.5", Site);
        w.Cloud.Network.RegisterHost("mt-1", "192.168.10.6", Site);
        await w.Group("rg");
        var vnet = await w.Vnet("rg", "net-a", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("default", "10.1.1.0/24"), new Subnet("GatewaySubnet", "10.1.255.0/27"));
        var nic = await w.Nic("rg", "ps-1-nic", vnet.Subnets[0].Id!);
        var image = (await w.Arm.ListMarketplaceImagesAsync(Location)).First().Reference;
        await w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", "ps-1"), new VirtualMachine
        {
            Location = Location, Image = image, AdminUsername = "psadmin", AdminPassword = "Str0ng!Passw0rd", NetworkInterfaceIds = [nic.Id!],
        });
        return vnet;
    }

    private static async Task<VirtualNetworkGateway> Gateway(AzureWorld w, VirtualNetwork vnet, GatewayType type, string sku) =>
        await w.Put(ArmTypes.VirtualNetworkGateway(w.Sub, "rg", $"{vnet.Name}-{type}".ToLowerInvariant()),
            new VirtualNetworkGateway { Location = Location, VirtualNetworkId = vnet.Id, GatewayType = type, Sku = sku });

    private static async Task Vpn(AzureWorld w, VirtualNetwork vnet)
    {
        var gateway = await Gateway(w, vnet, GatewayType.Vpn, "VpnGw1");
        var local = await w.Put(ArmTypes.LocalNetworkGateway(w.Sub, "rg", "onprem-lng"),
            new LocalNetworkGateway { Location = Location, GatewayIpAddress = "203.0.113.10", AddressPrefixes = ["192.168.0.0/16"] });
        var connection = await w.Put(ArmTypes.Connection(w.Sub, "rg", "s2s"), new VirtualNetworkGatewayConnection
        {
            Location = Location, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "k3y",
        });
        Assert.Equal(ConnectionStatus.Connected, connection.ConnectionStatus);
    }

    private static async Task<ExpressRouteCircuit> Circuit(AzureWorld w, params PeeringType[] peerings)
    {
        var id = ArmTypes.ExpressRouteCircuit(w.Sub, "rg", "er-1");
        var body = new ExpressRouteCircuit { Location = Location, ServiceProviderName = "Equinix", PeeringLocation = "Amsterdam", BandwidthInMbps = 1000 };
        var circuit = await w.Put(id, body);
        Assert.Equal(ServiceProviderProvisioningState.NotProvisioned, circuit.ServiceProviderProvisioningState);
        w.Cloud.Network.ProvisionCircuit(id, Site);
        return await w.Put(id, body with { Peerings = peerings.Select(p => new ExpressRoutePeering(p)).ToList() });
    }

    private static async Task ExpressRoute(AzureWorld w, VirtualNetwork vnet, ExpressRouteCircuit circuit) =>
        await w.Put(ArmTypes.Connection(w.Sub, "rg", $"er-{vnet.Name}"), new VirtualNetworkGatewayConnection
        {
            Location = Location, ConnectionType = ConnectionType.ExpressRoute,
            VirtualNetworkGatewayId = (await Gateway(w, vnet, GatewayType.ExpressRoute, "Standard")).Id, ExpressRouteCircuitId = circuit.Id,
        });

    [Fact]
    public void ER1_WithoutVpnOrExpressRouteThereIsNoFailbackPath()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await Topology(w);
            var check = w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort);
            Assert.False(check.Reachable);
            Assert.Contains("ER-1", check.Reason);
            var e = await Assert.ThrowsAsync<NetworkUnreachableException>(() => w.Cloud.Network.TransferAsync("ps-1", "mt-1", ReplicationPort, 1024));
            Assert.Contains("no site-to-site VPN or ExpressRoute", e.Message);
        });
    }

    [Fact]
    public void ER1_ASiteToSiteVpnCarriesFailbackTrafficTimedByItsBandwidthAndLatency()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var vnet = await Topology(w);
            var before = w.Sim.Clock.Elapsed;
            await Vpn(w, vnet);
            Assert.True(w.Sim.Clock.Elapsed - before >= TimeSpan.FromMinutes(25), "a VPN gateway takes half an hour to deploy");

            var check = w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort);
            Assert.True(check.Reachable, check.Reason);
            Assert.Equal(["ps-1", "vpn:s2s", "cs-1"], check.Path);
            Assert.True(w.Cloud.Network.Check("10.1.1.4", "192.168.10.6", ReplicationPort).Reachable); // by address too

            const long bytes = 65 * Mib;
            var start = w.Sim.Clock.Elapsed;
            await w.Cloud.Network.TransferAsync("ps-1", "mt-1", ReplicationPort, bytes);
            var expected = TimeSpan.FromSeconds(bytes * 8.0 / 650_000_000) + TimeSpan.FromMilliseconds(20);
            Assert.InRange((w.Sim.Clock.Elapsed - start - expected).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
            Assert.Equal(bytes, w.Cloud.Network.BytesByLink["vpn:s2s"]);
        });
    }

    [Fact]
    public void ER2_ExpressRouteMustBeOnTheNetworkThatHoldsTheVms()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var netA = await Topology(w);
            var netB = await w.Vnet("rg", "net-b", DeploymentModel.ResourceManager, "10.2.0.0/16", new Subnet("default", "10.2.1.0/24"), new Subnet("GatewaySubnet", "10.2.255.0/27"));
            var circuit = await Circuit(w, PeeringType.AzurePrivatePeering);
            await ExpressRoute(w, netB, circuit);
            var wrongNetwork = w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort);
            Assert.False(wrongNetwork.Reachable);
            Assert.Contains("ER-2", wrongNetwork.Reason);

            await ExpressRoute(w, netA, circuit);
            var check = w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort);
            Assert.Equal(["ps-1", "er:er-1/private", "cs-1"], check.Path);
        });
    }

    [Fact]
    public void ER1_ExpressRouteIsPreferredAndVpnTakesOverWhenItFails()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var vnet = await Topology(w);
            await Vpn(w, vnet);
            await ExpressRoute(w, vnet, await Circuit(w, PeeringType.AzurePrivatePeering));
            var viaCircuit = w.Cloud.Network.Check("ps-1", "mt-1", ReplicationPort);
            Assert.Equal("er:er-1/private", viaCircuit.Path[1]);
            Assert.Equal([LinkKind.ExpressRoutePrivate], viaCircuit.Links); // what the engine reads, not the name's prefix
            w.Cloud.Network.SetLinkUp("er:er-1/private", false);
            var viaVpn = w.Cloud.Network.Check("ps-1", "mt-1", ReplicationPort);
            Assert.Equal("vpn:s2s", viaVpn.Path[1]);
            Assert.True(viaVpn.Crosses(LinkKind.Vpn));
            Assert.False(viaVpn.Crosses(LinkKind.ExpressRoutePrivate));
            w.Cloud.Network.SetLinkUp("vpn:s2s", false);
            var none = w.Cloud.Network.Check("ps-1", "mt-1", ReplicationPort);
            Assert.False(none.Reachable);
            Assert.Empty(none.Links);
            Assert.Contains("is down", none.Reason);
        });
    }

    [Fact]
    public void ER3_StorageOverExpressRouteNeedsPublicPeering()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var vnet = await Topology(w);
            var account = await w.Account("rg", "replcache");
            var privateOnly = await Circuit(w, PeeringType.AzurePrivatePeering);
            await ExpressRoute(w, vnet, privateOnly);
            var blocked = w.Cloud.Network.Check("mt-1", account.BlobHost, 443);
            Assert.False(blocked.Reachable);
            Assert.Contains("ER-3", blocked.Reason);
            Assert.True(w.Cloud.Network.Check("ps-1", account.BlobHost, 443).Reachable, "Azure VMs reach storage over the backbone");

            await w.Put(privateOnly.Id!, privateOnly with { Peerings = [new(PeeringType.AzurePrivatePeering), new(PeeringType.MicrosoftPeering)] });
            var check = w.Cloud.Network.Check("mt-1", account.BlobHost, 443);
            Assert.Equal(["mt-1", "er:er-1/microsoft", "replcache.blob.core.windows.net"], check.Path);
        });
    }

    [Fact]
    public void ER3_ASiteWithInternetReachesStorageWithoutPeering()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await Topology(w, internetMbps: 200);
            var account = await w.Account("rg", "replcache");
            Assert.Equal("internet:onprem", w.Cloud.Network.Check("cs-1", account.BlobHost, 443).Path[1]);
            Assert.False(w.Cloud.Network.Check(account.BlobHost, "cs-1", 443).Reachable);
        });
    }

    [Fact]
    public void FirewallRulesAndPartitionsDecideWithinAPath()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var vnet = await Topology(w);
            await Vpn(w, vnet);
            w.Cloud.Network.AddFirewallRule(new FirewallRule("deny-9443", 100, FirewallAction.Deny) { Destination = "192.168.10.*", Port = ReplicationPort });
            var denied = w.Cloud.Network.Check("ps-1", "mt-1", ReplicationPort);
            Assert.False(denied.Reachable);
            Assert.Contains("deny-9443", denied.Reason);
            Assert.True(w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort).Reachable, "TS-5: 443 to the configuration server stays open");
            w.Cloud.Network.AddFirewallRule(new FirewallRule("allow-mt", 50, FirewallAction.Allow) { Source = "ps-*", Destination = "mt-1" });
            Assert.True(w.Cloud.Network.Check("ps-1", "mt-1", ReplicationPort).Reachable, "a lower priority number wins");
            Assert.True(w.Cloud.Network.RemoveFirewallRule("allow-mt"));
            Assert.False(w.Cloud.Network.Check("ps-1", "mt-1", ReplicationPort).Reachable);
            Assert.True(w.Cloud.Network.RemoveFirewallRule("deny-9443"));

            w.Sim.Faults.Add(new FaultRule { Target = "network", Operation = "*", Object = "vpn:*", Fault = "partition", Count = 1 });
            var cut = w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort);
            Assert.Contains("partitioned", cut.Reason);
            Assert.True(w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort).Reachable);

            w.Cloud.Network.SetHostUp("cs-1", false);
            Assert.Contains("cs-1 is down", w.Cloud.Network.Check("ps-1", "cs-1", ConfigurationServerPort).Reason);
            Assert.Contains("unknown host", w.Cloud.Network.Check("ps-1", "nowhere", 443).Reason);
            Assert.Contains("not a TCP port", w.Cloud.Network.Check("ps-1", "mt-1", 70000).Reason);

            await w.Arm.ActionAsync(ArmTypes.VirtualMachine(w.Sub, "rg", "ps-1"), "deallocate", w.Time);
            Assert.Contains("Deallocated", w.Cloud.Network.Check("mt-1", "ps-1", ReplicationPort).Reason);
        });
    }

    [Fact]
    public void ConcurrentTransfersShareALinksBandwidth()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var vnet = await Topology(w);
            await Vpn(w, vnet);
            const long bytes = 32 * Mib;
            var start = w.Sim.Clock.Elapsed;
            await w.Cloud.Network.TransferAsync("ps-1", "mt-1", ReplicationPort, bytes);
            var alone = w.Sim.Clock.Elapsed - start;

            start = w.Sim.Clock.Elapsed;
            await Task.WhenAll(new[]
            {
                w.Cloud.Network.TransferAsync("ps-1", "mt-1", ReplicationPort, bytes),
                w.Cloud.Network.TransferAsync("ps-1", "cs-1", ReplicationPort, bytes),
            });
            var together = w.Sim.Clock.Elapsed - start;
            Assert.InRange(together.TotalSeconds / alone.TotalSeconds, 1.9, 2.05);
        });
    }

    [Fact]
    public void ALinkLostMidTransferFailsIt()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            var vnet = await Topology(w);
            await Vpn(w, vnet);
            var transfer = w.Cloud.Network.TransferAsync("ps-1", "mt-1", ReplicationPort, 64 * Mib);
            await w.Time.Delay(TimeSpan.FromMilliseconds(200));
            w.Cloud.Network.SetLinkUp("vpn:s2s", false);
            var e = await Assert.ThrowsAsync<NetworkUnreachableException>(() => transfer);
            Assert.Contains("went down", e.Message);
        });
    }

    [Fact]
    public void GatewaysCircuitsAndConnectionsAreCheckedAsArmChecksThem()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await Topology(w);
            var plain = await w.Vnet("rg", "no-gw-subnet", DeploymentModel.ResourceManager, "10.3.0.0/16");
            var before = w.Snapshot();
            var noSubnet = await Refused(() => Gateway(w, plain, GatewayType.Vpn, "VpnGw1"));
            Assert.Equal("GatewaySubnetNotFound", noSubnet.Code);
            var vnet = w.Cloud.Resources.OfType<VirtualNetwork>().Single(v => v.Name == "net-a");
            var badSku = await Refused(() => Gateway(w, vnet, GatewayType.ExpressRoute, "VpnGw1"));
            Assert.Equal(("InvalidGatewaySku", "properties.sku.name"), (badSku.Code, badSku.Error.Target));

            var circuitId = ArmTypes.ExpressRouteCircuit(w.Sub, "rg", "er-x");
            var body = new ExpressRouteCircuit { Location = Location, ServiceProviderName = "Equinix", PeeringLocation = "Amsterdam", BandwidthInMbps = 1000 };
            var early = await Refused(() => w.Put(circuitId, body with { Peerings = [new(PeeringType.AzurePrivatePeering)] }));
            Assert.Equal("CircuitNotProvisioned", early.Code);
            var badBandwidth = await Refused(() => w.Put(circuitId, body with { BandwidthInMbps = 300 }));
            Assert.Equal("InvalidCircuitBandwidth", badBandwidth.Code);
            Assert.Equal(before, w.Snapshot());

            var circuit = await Circuit(w, PeeringType.MicrosoftPeering);
            var gateway = await Gateway(w, vnet, GatewayType.ExpressRoute, "Standard");
            var noPrivate = await Refused(() => w.Put(ArmTypes.Connection(w.Sub, "rg", "c"), new VirtualNetworkGatewayConnection
            {
                Location = Location, ConnectionType = ConnectionType.ExpressRoute, VirtualNetworkGatewayId = gateway.Id, ExpressRouteCircuitId = circuit.Id,
            }));
            Assert.Equal("PrivatePeeringNotConfigured", noPrivate.Code);
            Assert.Contains("ER-1", noPrivate.Error.Message);
            var noKey = await Refused(() => w.Put(ArmTypes.Connection(w.Sub, "rg", "c"), new VirtualNetworkGatewayConnection
            {
                Location = Location, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id,
            }));
            Assert.Equal("InvalidGatewayType", noKey.Code);
        });
    }

    [Fact]
    public void AConnectionConnectsWhenItsSiteAppears()
    {
        using var w = new AzureWorld();
        w.Run(async () =>
        {
            await w.Group("rg");
            var vnet = await w.Vnet("rg", "net-a", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("default", "10.1.1.0/24"), new Subnet("GatewaySubnet", "10.1.255.0/27"));
            var gateway = await Gateway(w, vnet, GatewayType.Vpn, "Basic");
            var local = await w.Put(ArmTypes.LocalNetworkGateway(w.Sub, "rg", "lng"), new LocalNetworkGateway { Location = Location, GatewayIpAddress = "203.0.113.10", AddressPrefixes = ["192.168.0.0/16"] });
            var id = ArmTypes.Connection(w.Sub, "rg", "s2s");
            var connection = await w.Put(id, new VirtualNetworkGatewayConnection
            {
                Location = Location, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "k",
            });
            Assert.Equal(ConnectionStatus.NotConnected, connection.ConnectionStatus);
            w.Cloud.Network.AddSite(new OnPremisesSite(Site, ["192.168.0.0/16"], "203.0.113.10"));
            Assert.Equal(ConnectionStatus.Connected, (await w.Arm.GetAsync<VirtualNetworkGatewayConnection>(id, w.Time)).ConnectionStatus);
            var inUse = await Refused(() => w.Arm.BeginDeleteAsync(gateway.Id!));
            Assert.Equal("InUseVirtualNetworkGatewayCannotBeDeleted", inUse.Code);
        });
    }

    [Fact]
    public void BadSiteRegistrationsAreRefused()
    {
        using var w = new AzureWorld();
        var network = w.Cloud.Network;
        Assert.Throws<ArgumentException>(() => network.AddSite(new OnPremisesSite(Site, ["192.168.0.0/33"], "203.0.113.10")));
        network.AddSite(new OnPremisesSite(Site, ["192.168.0.0/16"], "203.0.113.10"));
        Assert.Contains("outside site", Assert.Throws<ArgumentException>(() => network.RegisterHost("cs-1", "10.0.0.5", Site)).Message);
        Assert.Contains("No site", Assert.Throws<ArgumentException>(() => network.RegisterHost("cs-1", "192.168.0.5", "elsewhere")).Message);
        network.RegisterHost("cs-1", "192.168.0.5", Site);
        Assert.Contains("already registered", Assert.Throws<ArgumentException>(() => network.RegisterHost("cs-2", "192.168.0.5", Site)).Message);
        Assert.Throws<ArgumentException>(() => new Simulators.Azure.AzureCloud(w.Sim, new Simulators.Azure.AzureOptions { StorageRoot = w.Root, ImageOsDiskBytes = 1000 }));
    }
}
