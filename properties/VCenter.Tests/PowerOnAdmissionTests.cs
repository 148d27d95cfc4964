using Failback.Engine.Ports.VSphere;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>
/// Power-on admission as ESXi does it: configured memory may be overcommitted; only memory reservations must fit the
/// host, and one that does not is an InsufficientResourcesFault (what ASR reports as 8038 at failback).
/// </summary>
public sealed class PowerOnAdmissionTests
{
    private const int GiB = 1024;

    [Fact]
    public void ConfiguredMemoryBeyondTheHostsIsOvercommittedNotRefused()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            var ds = t.VCenter1.MoRefOf(t.Ds1);
            // Three 40 GiB VMs on a 64 GiB host: 120 GiB configured, no reservation.
            foreach (var name in new[] { "big-1", "big-2", "big-3" })
            {
                var vm = await s.WaitForMoRefAsync(await s.CreateVmAsync(host, ds, new VirtualMachineConfigSpec { Name = name, GuestId = "centos7_64Guest", MemoryMB = 40 * GiB }));
                await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            }
            Assert.Equal(3, (await s.RetrieveInventoryAsync()).Vms.Count(v => v.Name.StartsWith("big-", StringComparison.Ordinal) && v.PowerState == VirtualMachinePowerState.PoweredOn));
        });
    }

    [Fact]
    public void AReservationTheHostCannotAdmitFailsPowerOnWithInsufficientResourcesFault()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var host = t.VCenter1.MoRefOf(t.Esxi1);
            var ds = t.VCenter1.MoRefOf(t.Ds1);
            var first = await s.WaitForMoRefAsync(await s.CreateVmAsync(host, ds, new VirtualMachineConfigSpec { Name = "db-1", GuestId = "centos7_64Guest", MemoryMB = 40 * GiB, MemoryReservationMB = 40 * GiB }));
            var second = await s.WaitForMoRefAsync(await s.CreateVmAsync(host, ds, new VirtualMachineConfigSpec { Name = "db-2", GuestId = "centos7_64Guest", MemoryMB = 32 * GiB, MemoryReservationMB = 30 * GiB }));
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(first));

            var refused = await s.WaitForTaskAsync(await s.PowerOnVmAsync(second));
            Assert.Equal(VSphereFaultType.InsufficientResourcesFault, refused.Error!.FaultType);
            Assert.Contains("24576 MB unreserved", refused.Error.LocalizedMessage, StringComparison.Ordinal);
            Assert.Equal(VirtualMachinePowerState.PoweredOff, (await s.GetVirtualMachineAsync(second)).PowerState);

            // Lowering the running VM's reservation (a hot change the host admits) makes room.
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(first, new VirtualMachineConfigSpec { MemoryReservationMB = 8 * GiB }));
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(second));
            Assert.Equal(30 * GiB, (await s.GetVirtualMachineAsync(second)).MemoryReservationMB);
        });
    }

    /// <summary>Varied: raising a running VM's reservation past what is free is refused the same way; a reservation above the VM's memory is bad input.</summary>
    [Fact]
    public void RaisingARunningReservationIsAdmittedOrRefusedAndItMustFitTheVm()
    {
        using var t = new TestSite();
        t.Run(async () =>
        {
            using var s = await t.Login();
            var vm = t.VCenter1.MoRefOf(t.MasterTarget);
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { MemoryMB = 60 * GiB }));
            await s.WaitForTaskResultAsync(await s.PowerOnVmAsync(vm));
            await s.WaitForTaskResultAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { MemoryReservationMB = 60 * GiB }));
            var tooMuch = await s.WaitForTaskAsync(await s.ReconfigureVmAsync(vm, new VirtualMachineConfigSpec { MemoryReservationMB = 61 * GiB }));
            Assert.Equal(VSphereFaultType.InvalidArgument, tooMuch.Error!.FaultType);
            // Survives the .vmx round trip (sched.mem.min), as ESXi keeps it.
            Assert.Contains("sched.mem.min = \"61440\"", File.ReadAllText(t.Ds1.LocalPath(t.MasterTarget.VmxFile)));

            var other = await s.WaitForMoRefAsync(await s.CreateVmAsync(t.VCenter1.MoRefOf(t.Esxi1), t.VCenter1.MoRefOf(t.Ds1),
                new VirtualMachineConfigSpec { Name = "small", GuestId = "centos7_64Guest", MemoryMB = 8 * GiB, MemoryReservationMB = 8 * GiB }));
            var refused = await s.WaitForTaskAsync(await s.PowerOnVmAsync(other));
            Assert.Equal(VSphereFaultType.InsufficientResourcesFault, refused.Error!.FaultType);
        });
    }
}
