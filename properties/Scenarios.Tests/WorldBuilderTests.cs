using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Scenarios.World;
using Failback.Simulators.Kernel;
using Failback.Engine.Ports.VSphere;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>The one world builder (DrillWorld) from topology presets and from topologies changed in code, in its two halves.</summary>
public sealed class WorldBuilderTests
{
    private static T Build<T>(Topology topology, Func<DrillWorld, Task<T>> body, Action<DrillWorld>? beforeSetUp = null)
    {
        using var folder = new RunFolder(keep: false);
        using var sim = new Simulation(new SimulationOptions { Seed = 3 });
        using var world = DrillWorld.Create(sim, folder, topology);
        beforeSetUp?.Invoke(world);
        return sim.Run(async () =>
        {
            await world.SetUpAsync();
            return await body(world);
        });
    }

    [Fact]
    public void TheCyclePresetBuildsItsClusterMachinesAndVault() =>
        Build(Topology.Cycle(), w =>
        {
            Assert.All(w.Site.Hosts, h => Assert.Equal(("C1", 64L << 30), (h.Cluster?.Name, h.MemoryBytes)));
            Assert.Equal("CentOS 7.9", w.Vm("app-01").Guest.OsName);
            Assert.Contains("NetworkManager", w.Vm("app-01").Guest.Packages);
            Assert.Equal(["app-01"], w.Vault!.Items.Select(i => i.Name));
            Assert.Equal(["mt-01"], w.MasterTargets.Keys);
            Assert.Contains(w.Azure!.Cloud.Resources, r => $"{r.Id}".Contains("/connections/s2s", StringComparison.Ordinal));
            return Task.FromResult(0);
        });

    [Fact]
    public void AWorldWithoutALinkGetsOneAddedInCodeAfterTheSetUp() =>
        Build(Topology.Cycle(vpn: false), async w =>
        {
            var azure = w.Azure!;
            Assert.DoesNotContain(azure.Cloud.Resources, r => $"{r.Id}".Contains("/connections/", StringComparison.Ordinal));
            var net = await azure.Cloud.GetAsync<VirtualNetwork>(ArmTypes.VirtualNetwork(azure.Subscription, "asr-recovery", "recovery-net"), w.Simulation.Clock);
            await azure.AddExpressRouteAsync(net, "er-x", "er-x-gw", "er-x-conn", [PeeringType.AzurePrivatePeering], w.Simulation.Clock);
            Assert.Contains(azure.Cloud.Resources, r => $"{r.Id}".Contains("/connections/er-x-conn", StringComparison.Ordinal));
            return 0;
        });

    [Fact]
    public void ATopologyChangedInCodeAndTheSiteChangedBeforeTheSetUpAreBuilt()
    {
        var topology = Topology.Minimal();
        topology.Hosts.Add(new("esxi-02.lab.local", "10.0.0.12", "7.0.0", LicenseEdition.Enterprise, "vcsa-01.lab.local", "DC0") { MemoryBytes = 32L << 30 });
        topology.Datastores.Add(new("DS2", DatastoreType.Nfs, 1L << 30, ["esxi-02.lab.local"]));
        topology.Vms.Add(new("db-01", "esxi-02.lab.local", "DS2", "centos7_64Guest", [8L << 20, 2L << 20], true, "10.0.5.30", null, 2048));
        var names = Build(topology, w => Task.FromResult(w.Vault!.Items.Select(i => i.Name).Order(StringComparer.Ordinal).ToList()),
            beforeSetUp: w => Assert.Equal(32L << 30, w.Host("esxi-02.lab.local").MemoryBytes));
        Assert.Equal(["app-01", "db-01"], names);
    }
}
