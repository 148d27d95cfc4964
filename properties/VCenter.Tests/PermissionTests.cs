using Failback.Engine.Ports.VSphere;
using Failback.Simulators.VCenter.Server;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>What an account may see and do follows its role; a denial names the privilege and the object.</summary>
public sealed class PermissionTests
{
    [Fact]
    public void WrongCredentialsAndUnknownServersAreRefused()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            Assert.Equal(VSphereFaultType.InvalidLogin, (await Assert.ThrowsAsync<VSphereFault>(() => t.Login(password: "wrong"))).FaultType);
            Assert.Equal(VSphereFaultType.InvalidLogin, (await Assert.ThrowsAsync<VSphereFault>(() => t.Login(user: "nobody@vsphere.local"))).FaultType);
            Assert.Equal(VSphereFaultType.HostConnectFault, (await Assert.ThrowsAsync<VSphereFault>(() => t.Login(server: "vc9.corp.local"))).FaultType);
            using var s = await t.Login();
            var refused = await s.QueryEventsAsync(new EventFilterSpec { EventTypeIds = ["BadUsernameSessionEvent"] });
            Assert.Equal(2, refused.Count);
        });
    }

    [Fact]
    public void ACustomRoleMayDoWhatItsPrivilegesAllowAndNothingElse()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var op = await t.Login(user: TestSite.OperatorUser);
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            await op.WaitForTaskResultAsync(await op.PowerOnVmAsync(vm));
            await op.WaitForTaskResultAsync(await op.PowerOffVmAsync(vm));

            var config = await Assert.ThrowsAsync<VSphereFault>(() =>
                op.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "TRUE" } }));
            Assert.Equal((VSphereFaultType.NoPermission, Privileges.VmAdvancedConfig, (ManagedObjectReference?)vm), (config.FaultType, config.Privilege, config.Object));

            var create = await Assert.ThrowsAsync<VSphereFault>(() => op.CreateVmAsync(t.VCenter1.MoRefOf(t.Esxi1), t.VCenter1.MoRefOf(t.Ds1),
                new VirtualMachineConfigSpec { Name = "x", GuestId = "centos6_64Guest" }));
            Assert.Equal(Privileges.VmCreate, create.Privilege);
            Assert.Equal(VSphereFaultType.NoPermission, (await Assert.ThrowsAsync<VSphereFault>(() => op.CreateSnapshotAsync(vm, "s"))).FaultType);
            Assert.Equal(VSphereFaultType.NoPermission, (await Assert.ThrowsAsync<VSphereFault>(() => op.DestroyVmAsync(vm))).FaultType);
            Assert.Equal(VSphereFaultType.NoPermission, (await Assert.ThrowsAsync<VSphereFault>(() => op.AssignLicenseAsync(t.VCenter1.MoRefOf(t.Esxi1), "ENT-1111"))).FaultType);
            Assert.Equal(VSphereFaultType.NoPermission, (await Assert.ThrowsAsync<VSphereFault>(() =>
                op.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi1), t.MasterTarget.Disks[0].FileName, false))).FaultType);
            // A refused call starts no task.
            Assert.Equal(2, op.RecentTasks().Count(x => x.UserName == TestSite.OperatorUser && x.DescriptionId.StartsWith("VirtualMachine.power", StringComparison.Ordinal)));
            Assert.DoesNotContain(op.RecentTasks(), x => x.State == TaskInfoState.Error);
        });
    }

    [Fact]
    public void ReadOnlyMayReadButNotChange()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var ro = await t.Login(user: TestSite.ReadOnlyUser);
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            Assert.Equal("mt-01", (await ro.GetVirtualMachineAsync(vm)).Name);
            var power = await Assert.ThrowsAsync<VSphereFault>(() => ro.PowerOnVmAsync(vm));
            Assert.Equal((VSphereFaultType.NoPermission, Privileges.VmPowerOn), (power.FaultType, power.Privilege));
            Assert.Equal(VirtualMachinePowerState.PoweredOff, t.MasterTarget.PowerState);
        });
    }

    [Fact]
    public void AnAccountThatMayOnlyLookGetsNoDiskHandleToWriteWith()
    {
        using var t = new TestSite();
        t.VCenter1.AddAccount("view@vsphere.local", TestSite.Password, t.VCenter1.AddRole("ViewOnly", [Privileges.SystemView]));
        t.Run(async () =>
        {
            using var admin = await t.Login();
            var app = t.VCenter1.MoRefOf(t.App);
            if (t.App.PowerState != VirtualMachinePowerState.PoweredOn) await admin.WaitForTaskResultAsync(await admin.PowerOnVmAsync(app));
            var key = t.App.Disks[0].Key;
            foreach (var user in new[] { "view@vsphere.local", TestSite.ReadOnlyUser, TestSite.OperatorUser })
            {
                using var s = await t.Login(user: user);
                var guest = await Assert.ThrowsAsync<VSphereFault>(() => s.OpenGuestDiskAsync(app, key));
                Assert.Equal((VSphereFaultType.NoPermission, Privileges.VmGuestModify, (ManagedObjectReference?)app), (guest.FaultType, guest.Privilege, guest.Object));
                var file = await Assert.ThrowsAsync<VSphereFault>(() =>
                    s.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi1), t.MasterTarget.Disks[0].FileName, writable: true));
                Assert.Equal(VSphereFaultType.NoPermission, file.FaultType);
            }
            using (var handle = await admin.OpenGuestDiskAsync(app, key))
                Assert.Equal(t.App.Disks[0].CapacityBytes, handle.Capacity);
        });
    }

    [Fact]
    public void NoAccessSeesNothing()
    {
        using var t = new TestSite();
        t.VCenter1.AddAccount("none@vsphere.local", TestSite.Password, t.VCenter1.NoAccessRole);
        t.Run(async () =>
        {
            using var none = await t.Login(user: "none@vsphere.local");
            var fault = await Assert.ThrowsAsync<VSphereFault>(() => none.RetrieveInventoryAsync());
            Assert.Equal((VSphereFaultType.NoPermission, Privileges.SystemView), (fault.FaultType, fault.Privilege));
            Assert.Equal(VSphereFaultType.NoPermission, (await Assert.ThrowsAsync<VSphereFault>(() => none.GetVirtualMachineAsync(t.VCenter1.MoRefOf(t.App)))).FaultType);
        });
    }

    [Fact]
    public void ALoggedOutSessionIsNotAuthenticated()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            var s = await t.Login();
            s.Dispose();
            Assert.Equal(VSphereFaultType.NotAuthenticated, (await Assert.ThrowsAsync<VSphereFault>(() => s.RetrieveInventoryAsync())).FaultType);
        });
    }
}
