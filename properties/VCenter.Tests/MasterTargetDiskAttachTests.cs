using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Server;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>
/// ReconfigVM adding an existing disk and removing one without its file, as a master target holds a protected VM's
/// VMDKs during failback replication: a task each, the file shared and then left in place.
/// </summary>
public sealed class MasterTargetDiskAttachTests
{
    [Fact]
    public void AnExistingDiskIsAttachedToAnotherVmAndDetachedWithItsFileKept()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var mt = t.VCenter1.MoRefOf(t.MasterTarget);
            var path = t.App.Disks[0].FileName;
            var before = t.MasterTarget.Disks.Count;
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { AttachDisks = [path] }));
            var info = await s.GetVirtualMachineAsync(mt);
            var attached = Assert.Single(info.Disks, d => d.FileName == path);
            Assert.Equal((before + 1, t.App.Disks[0].CapacityBytes), (info.Disks.Count, attached.CapacityBytes));
            Assert.Contains(t.App.Disks, d => d.FileName == path); // still the VM's own disk
            Assert.Contains(s.RecentTasks(), x => x.DescriptionId == "VirtualMachine.reconfigure" && x.State == TaskInfoState.Success);

            var again = await Assert.ThrowsAsync<VSphereFault>(async () =>
                await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { AttachDisks = [path] })));
            Assert.Equal(VSphereFaultType.InvalidArgument, again.FaultType);
            var missing = await Assert.ThrowsAsync<VSphereFault>(async () =>
                await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { AttachDisks = ["[ds1] nothing/nothing.vmdk"] })));
            Assert.Equal(VSphereFaultType.FileNotFound, missing.FaultType);

            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { DetachDisks = [path] }));
            Assert.Equal(before, (await s.GetVirtualMachineAsync(mt)).Disks.Count);
            Assert.True(File.Exists(t.Ds1.LocalPath(t.App.Disks[0].Current)), "removing the device must keep the VMDK");
            var gone = await Assert.ThrowsAsync<VSphereFault>(async () =>
                await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { DetachDisks = [path] })));
            Assert.Equal(VSphereFaultType.InvalidArgument, gone.FaultType);
        });
    }

    [Fact]
    public void AReadOnlyAccountCannotAttachOrDetach()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var ro = await t.Login(user: TestSite.ReadOnlyUser);
            var mt = t.VCenter1.MoRefOf(t.MasterTarget);
            var attach = await Assert.ThrowsAsync<VSphereFault>(() => ro.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { AttachDisks = [t.App.Disks[0].FileName] }));
            Assert.Equal((VSphereFaultType.NoPermission, Privileges.VmAddExistingDisk), (attach.FaultType, attach.Privilege));
            var detach = await Assert.ThrowsAsync<VSphereFault>(() => ro.ReconfigureVmAsync(mt, new VirtualMachineConfigSpec { DetachDisks = [t.MasterTarget.Disks[0].FileName] }));
            Assert.Equal((VSphereFaultType.NoPermission, Privileges.VmRemoveDisk), (detach.FaultType, detach.Privilege));
        });
    }
}
