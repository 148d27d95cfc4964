using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Disks;
using Failback.Simulators.Kernel;
using FsCheck.Xunit;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>
/// Random sequences of operations, valid or not, with faults injected: after each one the inventory and
/// the files on the datastores agree, and datastore space stays within bounds.
/// </summary>
public sealed class InvariantTests
{
    private static void AssertConsistent(TestSite t)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vm in t.Site.Vms)
        {
            owned.Add(vm.Datastore.LocalPath(vm.VmxFile));
            Assert.True(File.Exists(vm.Datastore.LocalPath(vm.VmxFile)), $"{vm.Name}: .vmx missing");
            foreach (var disk in vm.Disks)
            {
                var info = DiskImage.Inspect(disk.Datastore.LocalPath(disk.Current));
                Assert.Equal(disk.Chain.Count, info.Chain.Count);
                Assert.Equal(disk.CapacityBytes, info.Capacity);
                foreach (var link in info.Chain)
                {
                    owned.Add(Path.GetFullPath(link.Path));
                    foreach (var f in link.Files) owned.Add(Path.GetFullPath(f));
                }
            }
            foreach (var snapshot in vm.AllSnapshots)
                foreach (var (key, file) in snapshot.DiskFiles)
                    Assert.Contains(file, vm.Disks.Single(d => d.Key == key).Chain);
            Assert.Equal(vm.AllSnapshots.Count(), vm.AllSnapshots.Select(s => s.Id).Distinct().Count());
        }
        var onDisk = Directory.EnumerateFiles(t.Root, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/physical/", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(owned.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
        foreach (var ds in t.Site.Datastores) Assert.InRange(ds.FreeSpace, 0, ds.Capacity);
        foreach (var dc in t.Site.VCenters.SelectMany(v => v.Datacenters))
            Assert.Equal(dc.Hosts.SelectMany(h => h.Vms).Count(), dc.Hosts.SelectMany(h => h.Vms).Select(v => v.Name.ToUpperInvariant()).Distinct().Count());
    }

    [Property(MaxTest = 5)]
    public void TheInventoryAndTheFilesAgreeAfterAnySequenceOfOperations(ulong seed)
    {
        using var t = new TestSite(seed, latency: false);
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "*_Task", Fault = "ResourceInUse", Probability = 0.1 });
        var pick = new SeededChoices(seed).Stream("invariants");
        t.Run(async () =>
        {
            using var s = await t.Login();
            var hosts = new[] { t.Esxi1, t.Esxi2 }.Select(t.VCenter1.MoRefOf).ToArray();
            var stores = new[] { t.Ds1, t.Ds2 }.Select(t.VCenter1.MoRefOf).ToArray();
            var names = new[] { "a", "b", "c", "mt-01" };
            for (var step = 0; step < 20; step++)
            {
                var vms = (await s.RetrieveInventoryAsync()).Vms;
                var vm = vms.Count > 0 ? pick.Pick(vms) : null;
                ManagedObjectReference task;
                switch (pick.Next(vm is null ? 1 : 8))
                {
                    case 0:
                        task = await s.CreateVmAsync(pick.Pick(hosts), pick.Pick(stores), new VirtualMachineConfigSpec
                        {
                            Name = pick.Pick(names),
                            GuestId = "centos6_64Guest",
                            AddDisks = [new VirtualDiskSpec(pick.Next(1, 4) * (256L << 10), pick.Chance(0.8))],
                        });
                        break;
                    case 1: task = await s.PowerOnVmAsync(vm!.MoRef); break;
                    case 2: task = await s.PowerOffVmAsync(vm!.MoRef); break;
                    case 3: task = await s.CreateSnapshotAsync(vm!.MoRef, $"s{step}"); break;
                    case 4:
                        var snaps = vm!.RootSnapshots.SelectMany(Flatten).ToList();
                        task = snaps.Count > 0 ? await s.RemoveSnapshotAsync(pick.Pick(snaps).Snapshot, pick.Chance(0.3)) : await s.RemoveAllSnapshotsAsync(vm.MoRef);
                        break;
                    case 5: task = await s.RelocateVmAsync(vm!.MoRef, new VirtualMachineRelocateSpec(pick.Pick(stores), hosts[1])); break;
                    case 6: task = await s.ReconfigureVmAsync(vm!.MoRef, new VirtualMachineConfigSpec { AddDisks = [new VirtualDiskSpec(256L << 10)], Name = pick.Pick(names) }); break;
                    default: task = await s.DestroyVmAsync(vm!.MoRef); break;
                }
                await s.WaitForTaskAsync(task);
                AssertConsistent(t);
            }
        });
    }

    private static IEnumerable<SnapshotTreeInfo> Flatten(SnapshotTreeInfo s) => s.Children.SelectMany(Flatten).Prepend(s);
}
