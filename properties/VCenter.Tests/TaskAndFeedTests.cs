using Failback.Engine.Ports;
using Failback.Engine.Ports.Guest;
using Failback.Engine.Ports.VSphere;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>Tasks advance in virtual time (queued, running with progress, done); events and the change feed follow.</summary>
public sealed class TaskAndFeedTests
{
    [Fact]
    public void ATaskIsQueuedThenRunsWithProgressThenSucceeds()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var task = await s.RelocateVmAsync(t.VCenter1.MoRefOf(t.MasterTarget), new VirtualMachineRelocateSpec(Host: t.VCenter1.MoRefOf(t.Esxi2)));
            var seen = new List<(TaskInfoState, int?)> { (s.GetTaskInfo(task).State, s.GetTaskInfo(task).Progress) };
            while (!s.GetTaskInfo(task).IsCompleted)
            {
                await t.Simulation.Clock.Delay(TimeSpan.FromSeconds(1));
                var info = s.GetTaskInfo(task);
                if (seen[^1] != (info.State, info.Progress)) seen.Add((info.State, info.Progress));
            }
            Assert.Equal((TaskInfoState.Queued, (int?)null), seen[0]);
            Assert.Contains(seen, x => x.Item1 == TaskInfoState.Running && x.Item2 is > 0 and < 100);
            Assert.Equal((TaskInfoState.Success, (int?)100), seen[^1]);
            var final = s.GetTaskInfo(task);
            Assert.InRange((final.CompleteTime - final.StartTime)!.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(16));
            Assert.Equal("VirtualMachine.relocate", final.DescriptionId);
            Assert.Equal("mt-01", final.EntityName);
        });
    }

    [Fact]
    public void TasksOnOneVmRunOneAfterAnotherInOrder()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            var on = await s.PowerOnVmAsync(vm);
            var off = await s.PowerOffVmAsync(vm);
            var on2 = await s.PowerOnVmAsync(vm);
            var infos = await Task.WhenAll(new[] { s.WaitForTaskAsync(on2), s.WaitForTaskAsync(off), s.WaitForTaskAsync(on) });
            Assert.All(infos, i => Assert.Equal(TaskInfoState.Success, i.State));
            Assert.True(infos[2].CompleteTime <= infos[1].StartTime && infos[1].CompleteTime <= infos[0].StartTime);
            Assert.Equal(VirtualMachinePowerState.PoweredOn, t.MasterTarget.PowerState);
        });
    }

    [Fact]
    public void WaitForUpdatesWakesOnAChangeAndTimesOutWithoutOne()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var version = s.CheckForUpdates("").Version;
            var quiet = await s.WaitForUpdatesAsync(version, TimeSpan.FromMinutes(1));
            Assert.Empty(quiet.Updates);

            var waiting = s.WaitForUpdatesAsync(version, TimeSpan.FromHours(1));
            await s.PowerOnVmAsync(t.VCenter1.MoRefOf(t.MasterTarget));
            var set = await waiting;
            var update = Assert.Single(set.Updates);
            Assert.Equal((t.VCenter1.MoRefOf(t.MasterTarget), ObjectUpdateKind.Modify), (update.Object, update.Kind));
            Assert.Contains("runtime.powerState", update.ChangedProperties);
            Assert.True(t.Simulation.Clock.Elapsed < TimeSpan.FromMinutes(2));
        });
    }

    [Fact]
    public void AReadOnlyAccountGetsDatastoreChangesTooAndEachServerUsesItsOwnReferences()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var admin = await t.Login();
            using var ro = await t.Login(user: TestSite.ReadOnlyUser);
            using var direct = await t.Login(server: t.Esxi1.Name, user: "root");
            var (a, r, d) = (admin.CheckForUpdates("").Version, ro.CheckForUpdates("").Version, direct.CheckForUpdates("").Version);
            t.Site.SetDatastoreAccessible(t.Ds1, false);
            t.Site.SetGuestState(t.MasterTarget, t.MasterTarget.Guest with { Packages = new HashSet<string>(StringComparer.Ordinal) });
            Assert.Equal(2, admin.CheckForUpdates(a).Updates.Count);
            // A read-only account sees what vSphere shows it: every object, datastores included.
            Assert.Equal([t.VCenter1.MoRefOf(t.Ds1), t.VCenter1.MoRefOf(t.MasterTarget)], ro.CheckForUpdates(r).Updates.Select(u => u.Object));
            var viaHost = direct.CheckForUpdates(d).Updates;
            Assert.Equal(2, viaHost.Count);
            Assert.Equal(t.Esxi1.Agent.MoRefOf(t.MasterTarget), viaHost[1].Object);
            Assert.NotEqual(t.VCenter1.MoRefOf(t.MasterTarget).Value, viaHost[1].Object.Value);
        });
    }

    [Fact]
    public void EventsTellWhoDidWhatToWhichObject()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            var power = await s.PowerOnVmAsync(vm);
            await s.WaitForTaskAsync(power);
            var events = await s.QueryEventsAsync(new EventFilterSpec { Entity = vm });
            var on = Assert.Single(events, e => e.EventTypeId == "VmPoweredOnEvent");
            Assert.Equal(TestSite.Admin, on.UserName);
            Assert.Equal("mt-01", on.EntityName);
            var taskEvent = Assert.Single(events, e => e.EventTypeId == "TaskEvent");
            Assert.Equal(taskEvent.Key, on.ChainId);
            Assert.All(events, e => Assert.Equal(vm, e.Entity));
            Assert.Empty(await s.QueryEventsAsync(new EventFilterSpec { AfterKey = events.Max(e => e.Key), Entity = vm }));
        });
    }

    [Fact]
    public void GuestStateIsReadThroughToolsAndCarriedByTheSite()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var app = t.VCenter1.MoRefOf(t.App);
            Assert.Equal(VSphereFaultType.InvalidState, (await Assert.ThrowsAsync<VSphereFault>(() => s.ReadGuestAsync(app))).FaultType);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(app));
            var guest = await s.ReadGuestAsync(app);
            Assert.Equal(AddressMode.Static, guest.Nics[0].Mode);
            // What Azure did to the guest comes back with the failback (TS-3): the scenario carries it.
            t.Site.SetGuestState(t.App, guest with { Nics = [new GuestNic("Ethernet0", AddressMode.Dhcp, null)] });
            Assert.Equal(AddressMode.Dhcp, (await s.GetVirtualMachineAsync(app)).Guest.Nics[0].Mode);
            Assert.Equal(ToolsRunningStatus.GuestToolsRunning, (await s.GetVirtualMachineAsync(app)).ToolsRunningStatus);

            var mt = (await s.GetVirtualMachineAsync(t.VCenter1.MoRefOf(t.MasterTarget)));
            Assert.Equal(("centos6_64Guest", "CentOS 6.6 (64-bit)", ScsiControllerType.LsiLogic), (mt.GuestId, mt.GuestFullName, mt.ScsiController));
            Assert.Contains("NetworkManager", mt.Guest.Packages);
        });
    }

    [Fact]
    public void AnUnregisteredVmComesBackFromItsVmxWithItsIdentityAndDisks()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.App);
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec
            {
                ExtraConfig = new Dictionary<string, string> { ["disk.EnableUUID"] = "TRUE" },
                ScsiController = ScsiControllerType.ParaVirtual,
            }));
            var before = await s.GetVirtualMachineAsync(vm);
            await s.UnregisterVmAsync(vm);
            Assert.DoesNotContain((await s.RetrieveInventoryAsync()).Vms, v => v.Name == "app-01");
            Assert.True(File.Exists(t.Ds1.LocalPath("app-01/app-01.vmx")));

            var back = await s.WaitForMoRefAsync(await s.RegisterVmAsync(t.VCenter1.MoRefOf(t.Esxi2), before.VmPathName));
            var after = await s.GetVirtualMachineAsync(back);
            Assert.NotEqual(vm, back);
            Assert.Equal((before.Name, before.Uuid, before.InstanceUuid, before.GuestId, before.HardwareVersion, before.ScsiController),
                (after.Name, after.Uuid, after.InstanceUuid, after.GuestId, after.HardwareVersion, after.ScsiController));
            Assert.Equal(before.ExtraConfig, after.ExtraConfig);
            Assert.Equal(before.Disks.Select(d => (d.FileName, d.CapacityBytes, d.ThinProvisioned, d.Uuid)), after.Disks.Select(d => (d.FileName, d.CapacityBytes, d.ThinProvisioned, d.Uuid)));
            Assert.Equal(before.Nics.Select(n => n.MacAddress), after.Nics.Select(n => n.MacAddress));
            await s.WaitForTaskResultAsync(await s.DestroyVmAsync(back));
            Assert.False(Directory.Exists(t.Ds1.LocalPath("app-01")));
        });
    }
}
