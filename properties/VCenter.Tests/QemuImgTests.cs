using Failback.Engine.Ports.VSphere;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>Every VMDK the simulator writes, after every kind of operation, passes <c>qemu-img check</c>.</summary>
public sealed class QemuImgTests
{
    [Fact]
    public void EveryVmdkTheSimulatorWritesPassesQemuImgCheck()
    {
        using var t = new TestSite();
        var checkedChains = new List<string>();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var host = t.VCenter1.MoRefOf(t.Esxi2);
            var vm = await s.WaitForMoRefAsync(await s.CreateVmAsync(host, t.VCenter1.MoRefOf(t.Ds1), new VirtualMachineConfigSpec
            {
                Name = "judged",
                GuestId = "windows8Server64Guest",
                ScsiController = ScsiControllerType.LsiLogicSas,
                AddDisks = [new VirtualDiskSpec(4L << 20), new VirtualDiskSpec(2L << 20, false), new VirtualDiskSpec(1L << 20, true, t.VCenter1.MoRefOf(t.Ds2))],
            }));
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { AddDisks = [new VirtualDiskSpec(1L << 20)] }));
            foreach (var disk in (await s.GetVirtualMachineAsync(vm)).Disks)
            {
                using var device = await s.OpenVirtualDiskAsync(host, disk.FileName, writable: true);
                device.Write(512, "written by the engine"u8);
            }
            await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "one"));
            await s.WaitForMoRefAsync(await s.CreateSnapshotAsync(vm, "two"));
            // Chains as they stand with two snapshots.
            checkedChains.AddRange(t.Vmdks());
            foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
            await s.WaitForTaskResultAsync(await s.RelocateVmAsync(vm, new VirtualMachineRelocateSpec(t.VCenter1.MoRefOf(t.Ds2))));
            foreach (var vmdk in t.Vmdks()) QemuImg.AssertHealthy(vmdk);
            await s.WaitForTaskResultAsync(await s.RemoveAllSnapshotsAsync(vm));
        });
        Assert.Contains(checkedChains, p => p.EndsWith("judged-000002.vmdk", StringComparison.Ordinal));
        var final = t.Vmdks().ToList();
        // Relocation moved every disk to ds2 (its disk already there stays in the folder it had).
        Assert.Contains(final, p => p.Contains("/ds2/", StringComparison.Ordinal) && p.EndsWith("/judged_3.vmdk", StringComparison.Ordinal));
        Assert.DoesNotContain(final, p => p.Contains("/ds1/judged", StringComparison.Ordinal));
        foreach (var vmdk in final)
        {
            QemuImg.AssertHealthy(vmdk);
            Assert.True(Failback.Simulators.Disks.DiskImage.Check(vmdk).IsHealthy, $"DiskSim's own checker finds {vmdk} unhealthy");
        }
    }
}
