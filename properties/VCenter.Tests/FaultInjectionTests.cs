using Failback.Engine.Ports.VSphere;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>Faults come from the kernel's fault plan (target "vcenter", the vSphere method, the object's reference).</summary>
public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData("NoPermission", VSphereFaultType.NoPermission)]
    [InlineData("InvalidState", VSphereFaultType.InvalidState)]
    [InlineData("ResourceInUse", VSphereFaultType.ResourceInUse)]
    [InlineData("InsufficientResourcesFault", VSphereFaultType.InsufficientResourcesFault)]
    [InlineData("NotFound", VSphereFaultType.ManagedObjectNotFound)]
    [InlineData("HostNotConnected", VSphereFaultType.HostNotConnected)]
    public void AnInjectedFaultFailsTheTaskOnceAndLeavesTheVmAsItWas(string fault, VSphereFaultType expected)
    {
        using var t = new TestSite();
        var vm = t.VCenter1.MoRefOf(t.MasterTarget);
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "PowerOnVM_Task", Object = vm.Value, Fault = fault, Count = 1 });
        t.Run(async () =>
        {
            using var s = await t.Login();
            var failed = await s.WaitForTaskAsync(await s.PowerOnVmAsync(vm));
            Assert.Equal(expected, failed.Error!.FaultType);
            Assert.Equal(VirtualMachinePowerState.PoweredOff, (await s.GetVirtualMachineAsync(vm)).PowerState);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            Assert.Equal(VirtualMachinePowerState.PoweredOn, (await s.GetVirtualMachineAsync(vm)).PowerState);
        });
    }

    [Fact]
    public void AnInventoryReadIsNoTaskYetItsInjectedFaultStillFires()
    {
        using var t = new TestSite();
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "RetrieveProperties", Object = "*", Fault = "HostNotConnected", Count = 1 });
        t.Run(async () =>
        {
            using var s = await t.Login();
            var tasks = s.RecentTasks().Count;
            Assert.Equal(VSphereFaultType.HostNotConnected, (await Assert.ThrowsAsync<VSphereFault>(() => s.RetrieveInventoryAsync())).FaultType);
            Assert.Contains((await s.RetrieveInventoryAsync()).Vms, v => v.Name == t.MasterTarget.Name);
            // PropertyCollector.RetrieveContents answers as a call: vCenter's task list does not grow.
            Assert.Equal(tasks, s.RecentTasks().Count);
        });
    }

    [Fact]
    public void HostDisconnectTakesTheHostDownUntilItReconnects()
    {
        using var t = new TestSite();
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "CreateSnapshot_Task", Object = "vm-*", Fault = "HostDisconnect", Count = 1 });
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            Assert.Equal(VSphereFaultType.HostNotConnected, (await s.WaitForTaskAsync(await s.CreateSnapshotAsync(vm, "s"))).Error!.FaultType);
            Assert.Equal(HostSystemConnectionState.Disconnected, (await s.GetHostAsync(t.VCenter1.MoRefOf(t.Esxi1))).ConnectionState);
            // The host stays down: the next task fails on its own, without a rule.
            Assert.Equal(VSphereFaultType.HostNotConnected, (await s.WaitForTaskAsync(await s.PowerOnVmAsync(vm))).Error!.FaultType);
            Assert.Contains(await s.QueryEventsAsync(new EventFilterSpec()), e => e.EventTypeId == "HostDisconnectedEvent");
            t.Site.SetHostConnectionState(t.Esxi1, HostSystemConnectionState.Connected);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
        });
    }

    [Fact]
    public void DatastoreInaccessibleTakesTheVmsDatastoreOffline()
    {
        using var t = new TestSite();
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "PowerOnVM_Task", Fault = "DatastoreInaccessible", Count = 1 });
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            Assert.Equal(VSphereFaultType.InaccessibleDatastore, (await s.WaitForTaskAsync(await s.PowerOnVmAsync(vm))).Error!.FaultType);
            Assert.False((await s.GetDatastoreAsync(t.VCenter1.MoRefOf(t.Ds1))).Accessible);
            var open = await Assert.ThrowsAsync<VSphereFault>(() => s.OpenVirtualDiskAsync(t.VCenter1.MoRefOf(t.Esxi1), t.MasterTarget.Disks[0].FileName, false));
            Assert.Equal(VSphereFaultType.InaccessibleDatastore, open.FaultType);
            t.Site.SetDatastoreAccessible(t.Ds1, true);
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
        });
    }

    [Fact]
    public void ADelayRuleSlowsTheTaskInVirtualTime()
    {
        using var t = new TestSite(latency: false);
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "PowerOnVM_Task", Delay = TimeSpan.FromMinutes(5) });
        t.Run(async () =>
        {
            using var s = await t.Login();
            var info = await s.WaitForTaskAsync(await s.PowerOnVmAsync(t.VCenter1.MoRefOf(t.MasterTarget)));
            Assert.Equal(TaskInfoState.Success, info.State);
            Assert.Equal(TimeSpan.FromMinutes(5), info.StartTime - info.QueueTime);
        });
    }

    [Fact]
    public void ProbabilisticFaultsFireReproduciblyFromTheSeed()
    {
        static int Failures(ulong seed)
        {
            using var t = new TestSite(seed, latency: false);
            t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "PowerO*", Fault = "InvalidState", Probability = 0.5 });
            return t.Run(async () =>
            {
                using var s = await t.Login();
                var vm = t.VCenter1.MoRefOf(t.MasterTarget);
                var failures = 0;
                for (var i = 0; i < 40; i++)
                {
                    var task = t.MasterTarget.IsPoweredOn ? await s.PowerOffVmAsync(vm) : await s.PowerOnVmAsync(vm);
                    if ((await s.WaitForTaskAsync(task)).Error is not null) failures++;
                }
                return failures;
            });
        }
        var first = Failures(7);
        Assert.InRange(first, 5, 35);
        Assert.Equal(first, Failures(7));
    }

    [Fact]
    public void LoginAndDiskOpenAreFaultSitesToo()
    {
        using var t = new TestSite();
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "Login", Object = TestSite.Vc2, Fault = "HostNotConnected", Count = 1 });
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "OpenVirtualDisk", Fault = "ResourceInUse", Count = 1 });
        t.Run(async () =>
        {
            Assert.Equal(VSphereFaultType.HostNotConnected, (await Assert.ThrowsAsync<VSphereFault>(() => t.Login(TestSite.Vc2))).FaultType);
            using var s = await t.Login();
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            Assert.Equal(VSphereFaultType.ResourceInUse,
                (await Assert.ThrowsAsync<VSphereFault>(() => s.OpenVirtualDiskAsync(host, t.MasterTarget.Disks[0].FileName, false))).FaultType);
            using var disk = await s.OpenVirtualDiskAsync(host, t.MasterTarget.Disks[0].FileName, false);
        });
    }

    [Fact]
    public void AnUnknownFaultNameIsABadScenarioWithAClearMessage()
    {
        using var t = new TestSite();
        t.Simulation.Faults.Add(new FaultRule { Target = "vcenter", Operation = "PowerOnVM_Task", Fault = "Gremlins" });
        var error = Assert.Throws<SimulationException>(() => t.Run(async () =>
        {
            using var s = await t.Login();
            await s.WaitForTaskAsync(await s.PowerOnVmAsync(t.VCenter1.MoRefOf(t.MasterTarget)));
        }));
        Assert.Contains("Gremlins", error.Message);
        Assert.Contains("HostDisconnect", error.Message);
    }
}
