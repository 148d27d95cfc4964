using System.Text;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.Network;
using Failback.Engine.Ports.Physical;
using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Generator;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>Inventories generated from counts: what the counts say, and the same seed gives the same everything.</summary>
public sealed class GeneratorTests
{
    private static readonly InventorySpec Spec = new()
    {
        VCenters = 2,
        DatacentersPerVCenter = 1,
        ClustersPerDatacenter = 2,
        HostsPerCluster = 2,
        StandaloneHosts = 2,
        DatastoresPerCluster = 2,
        Vms = 24,
        DiskCapacity = 100L << 30,
        PhysicalServers = 2,
        PhysicalDiskCapacity = 1L << 30,
    };

    /// <summary>Generates, runs a few operations, and returns the trace bytes and a text rendering of every server's inventory.</summary>
    private static (byte[] Trace, string Inventory) GenerateAndOperate(ulong seed)
    {
        var trace = new MemoryStream();
        using var t = new TestSite(seed, trace, build: false);
        InventoryGenerator.Generate(t.Site, Spec);
        var text = new StringBuilder();
        t.Run(async () =>
        {
            foreach (var server in t.Site.Servers)
            {
                using var s = await t.Site.LoginAsync(server.Name, server.IsVCenter ? TestSite.Admin : "root", Spec.Password);
                var view = await s.RetrieveInventoryAsync();
                text.AppendLine($"{view.About.Name} {view.About.InstanceUuid} {view.Version}");
                foreach (var h in view.Hosts) text.AppendLine($" {h.MoRef.Value} {h.Name} {h.IpAddress} {h.Version} {h.LicenseEdition}");
                foreach (var d in view.Datastores) text.AppendLine($" {d.MoRef.Value} {d.Name} {d.Type} {d.Url} {d.FreeSpace}");
                foreach (var v in view.Vms)
                    text.AppendLine($" {v.MoRef.Value} {v.Name} {v.Uuid} {v.GuestId} {v.PowerState} {v.Guest.Nics[0].Mode} {v.Guest.Nics[0].StaticAddress} " +
                                    $"{string.Join(",", v.Disks.Select(d => d.Uuid + d.FileName))} {string.Join(",", v.Nics.Select(n => n.MacAddress))}");
            }
            var vc = t.Site.VCenters.First();
            using var admin = await t.Site.LoginAsync(vc.Name, TestSite.Admin, Spec.Password);
            var vms = (await admin.RetrieveInventoryAsync()).Vms.Take(3).ToList();
            foreach (var vm in vms)
            {
                var power = vm.PowerState == VirtualMachinePowerState.PoweredOn ? await admin.PowerOffVmAsync(vm.MoRef) : await admin.PowerOnVmAsync(vm.MoRef);
                await admin.WaitForTaskAsync(power);
                await admin.WaitForTaskAsync(await admin.CreateSnapshotAsync(vm.MoRef, "s"));
            }
            text.AppendLine(admin.CheckForUpdates("").Version);
        });
        return (trace.ToArray(), text.ToString());
    }

    [Fact]
    public void TheSameSeedGivesTheSameInventoryReferencesUuidsAndAByteIdenticalTrace()
    {
        var a = GenerateAndOperate(2026);
        var b = GenerateAndOperate(2026);
        Assert.Equal(a.Inventory, b.Inventory);
        Assert.True(a.Trace.AsSpan().SequenceEqual(b.Trace), "the traces of two runs with one seed differ");
        Assert.Contains("vm-", a.Inventory);
        Assert.True(a.Trace.Length > 10_000);

        var c = GenerateAndOperate(2027);
        Assert.NotEqual(a.Inventory, c.Inventory);
    }

    [Fact]
    public void TheInventoryHasWhatTheCountsSay()
    {
        using var t = new TestSite(build: false);
        InventoryGenerator.Generate(t.Site, Spec);
        Assert.Equal(2, t.Site.VCenters.Count());
        Assert.Equal(2 * 2 * 2 + 2, t.Site.Hosts.Count);
        Assert.Equal(2 * 2 * 2 + 2, t.Site.Datastores.Count);
        Assert.Equal(24, t.Site.Vms.Count());
        Assert.Equal(2, t.Site.PhysicalServers.Count);
        Assert.All(t.Site.Hosts.Where(h => h.Datacenter is not null), h => Assert.NotEqual(LicenseEdition.Free, h.Edition));
        Assert.All(t.Site.Vms, vm => Assert.Equal(100L << 30, vm.Disks[0].CapacityBytes));
        Assert.Equal(24, t.Site.Vms.Select(v => v.Uuid).Distinct().Count());
        Assert.Equal(24, t.Site.Vms.Select(v => v.Name).Distinct().Count());
        Assert.All(t.Site.Hosts, h => Assert.Contains(h.Version, new[] { "5.5.0", "6.0.0", "6.5.0", "6.7.0", "7.0.0" }));
        foreach (var vmdk in t.Vmdks().Take(6)) QemuImg.AssertHealthy(vmdk);
    }

    [Fact]
    public void BadCountsAreRefusedWithAMessage()
    {
        using var t = new TestSite(build: false);
        var error = Assert.Throws<ArgumentException>(() => InventoryGenerator.Generate(t.Site, new InventorySpec { VCenters = 0, StandaloneHosts = 0, Vms = 3 }));
        Assert.Contains("need at least one host", error.Message);
        Assert.Throws<ArgumentException>(() => InventoryGenerator.Generate(t.Site, new InventorySpec { GuestOsMix = new Dictionary<string, int> { ["x"] = 0 } }));
        Assert.Empty(t.Site.Servers);
    }

    [Fact]
    public void PhysicalServersAreDiscoveredWithTheirCredentialsAndTheirDisksRead()
    {
        using var t = new TestSite(build: false);
        var guest = new GuestState { OsName = "Microsoft Windows Server 2008 R2 SP1 (64-bit)", Nics = [new GuestNic("Ethernet0", AddressMode.Static, "10.9.0.5")] };
        t.Site.AddPhysicalServer("phys-01", "10.9.0.5", "Administrator", "pw", guest, 4L << 20, 2L << 20);
        t.Run(async () =>
        {
            IPhysicalServerDiscovery discovery = t.Site;
            var info = await discovery.DiscoverAsync("10.9.0.5", "Administrator", "pw");
            Assert.Equal("phys-01", info.Name);
            Assert.Equal(guest, info.Guest);
            Assert.Equal([4L << 20, 2L << 20], info.Disks.Select(d => d.CapacityBytes));
            await Assert.ThrowsAsync<PhysicalServerLoginException>(() => discovery.DiscoverAsync("10.9.0.5", "Administrator", "wrong"));
            await Assert.ThrowsAsync<NetworkUnreachableException>(() => discovery.DiscoverAsync("10.9.0.6", "Administrator", "pw"));
            using (var disk = await discovery.OpenDiskAsync("phys-01", "Administrator", "pw", 1, writable: true)) disk.Write(0, "MBR!"u8);
            using var again = await discovery.OpenDiskAsync("10.9.0.5", "Administrator", "pw", 1, writable: false);
            var head = new byte[4];
            again.Read(0, head);
            Assert.Equal("MBR!"u8.ToArray(), head);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => discovery.OpenDiskAsync("phys-01", "Administrator", "pw", 2, false));
        });
        foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
    }
}
