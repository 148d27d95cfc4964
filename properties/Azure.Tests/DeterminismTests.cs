using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Connectivity;
using Failback.Simulators.Kernel;
using static Failback.Azure.Tests.AzureWorld;

namespace Failback.Azure.Tests;

/// <summary>One seed, one trace: the simulated Azure draws every choice from the seeded "azure" stream.</summary>
public class DeterminismTests
{
    private static byte[] Scenario(ulong seed)
    {
        var trace = new MemoryStream();
        using (var w = new AzureWorld(seed, trace))
        {
            w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "put", Probability = 0.3, Fault = "429", Detail = "15" });
            w.Sim.Faults.Add(new FaultRule { Target = "azure", Operation = "getOperation", Probability = 0.2, Fault = "429" });
            w.Cloud.Network.AddSite(new OnPremisesSite("onprem", ["192.168.0.0/16"], "203.0.113.10"));
            w.Cloud.Network.RegisterHost("mt-1", "192.168.10.6", "onprem");
            w.Run(async () =>
            {
                await w.Time.WithRetryAsync(() => w.Group("rg"));
                var vnet = await w.Vnet("rg", "net", DeploymentModel.ResourceManager, "10.1.0.0/16", new Subnet("default", "10.1.1.0/24"), new Subnet("GatewaySubnet", "10.1.255.0/27"));
                var nics = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => w.Nic("rg", $"nic-{i}", vnet.Subnets[0].Id!)).ToArray());
                var disks = await Task.WhenAll(new[] { w.UploadDisk("rg", "os-1", 1, LinuxGuest()), w.UploadDisk("rg", "os-2", 1, WindowsGuest()) });
                await Task.WhenAll(disks.Select((d, i) => w.Put(ArmTypes.VirtualMachine(w.Sub, "rg", $"vm-{i}"), new VirtualMachine
                {
                    Location = Location, OsDisk = new VmDisk { ManagedDiskId = d.Id }, NetworkInterfaceIds = [nics[i].Id!],
                })).ToArray());
                var gateway = await w.Put(ArmTypes.VirtualNetworkGateway(w.Sub, "rg", "gw"), new VirtualNetworkGateway { Location = Location, VirtualNetworkId = vnet.Id, Sku = "VpnGw2" });
                var local = await w.Put(ArmTypes.LocalNetworkGateway(w.Sub, "rg", "lng"), new LocalNetworkGateway { Location = Location, GatewayIpAddress = "203.0.113.10", AddressPrefixes = ["192.168.0.0/16"] });
                await w.Put(ArmTypes.Connection(w.Sub, "rg", "s2s"), new VirtualNetworkGatewayConnection
                {
                    Location = Location, ConnectionType = ConnectionType.IPsec, VirtualNetworkGatewayId = gateway.Id, LocalNetworkGatewayId = local.Id, SharedKey = "k",
                });
                await Task.WhenAll(new[] { w.Cloud.Network.TransferAsync("vm-0", "mt-1", 9443, 9 * Mib), w.Cloud.Network.TransferAsync("vm-1", "mt-1", 9443, 5 * Mib) });
            });
        }
        return trace.ToArray();
    }

    [Fact]
    public void TheSameSeedGivesAByteIdenticalTrace()
    {
        var first = Scenario(42);
        var second = Scenario(42);
        Assert.True(first.Length > 5000, "the scenario traced its work");
        Assert.Equal(first, second);
        Assert.NotEqual(first, Scenario(43));
    }
}
