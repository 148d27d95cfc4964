using Failback.Engine.Ports.VSphere;
using Xunit;

namespace Failback.VCenter.Tests;

/// <summary>
/// What the engine relies on from any vSphere endpoint, written only against the port: a real vCenter
/// adapter passes these by deriving a class that supplies <see cref="Run"/> and a writable host and
/// datastore. Each test leaves the inventory as it found it.
/// </summary>
public abstract class VSphereContract
{
    /// <summary>Where the contract runs: a connector, a server and admin credentials, and where new VMs may go.</summary>
    public sealed record Environment(IVSphereConnector Connector, string Server, string User, string Password, string HostName, string DatastoreName, string NetworkName);

    /// <summary>Runs the body against the endpoint (for the simulator: inside its simulation).</summary>
    protected abstract void Run(Func<Environment, Task> body);

    private static async Task<(IVSphereSession Session, HostSystemInfo Host, DatastoreInfo Datastore)> Open(Environment env)
    {
        var session = await env.Connector.LoginAsync(env.Server, env.User, env.Password);
        var inventory = await session.RetrieveInventoryAsync();
        var host = inventory.Hosts.Single(h => h.Name == env.HostName);
        var ds = inventory.Datastores.Single(d => d.Name == env.DatastoreName);
        return (session, host, ds);
    }

    private static VirtualMachineConfigSpec NewVm(Environment env, string name) => new()
    {
        Name = name,
        GuestId = "centos7_64Guest",
        NumCpu = 1,
        MemoryMB = 512,
        AddDisks = [new VirtualDiskSpec(8L << 20)],
        AddNics = [new VirtualNicSpec(env.NetworkName)],
    };

    [Fact]
    public void Contract_WrongPasswordIsRefusedWithInvalidLogin() => Run(async env =>
    {
        var fault = await Assert.ThrowsAsync<VSphereFault>(() => env.Connector.LoginAsync(env.Server, env.User, env.Password + "-wrong"));
        Assert.Equal(VSphereFaultType.InvalidLogin, fault.FaultType);
    });

    [Fact]
    public void Contract_DiscoveryShowsHostsDatastoresAndVmsWithReferences() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var inventory = await session.RetrieveInventoryAsync();
        Assert.NotEmpty(inventory.Datacenters);
        Assert.Contains(ds.MoRef, host.Datastores);
        Assert.Contains(host.MoRef, ds.Hosts);
        Assert.True(ds.FreeSpace <= ds.Capacity);
        Assert.All(inventory.Vms, vm => Assert.Contains(vm.Host, inventory.Hosts.Select(h => h.MoRef)));
        Assert.Equal(inventory.Hosts.Count, inventory.Hosts.Select(h => h.MoRef).Distinct().Count());
    });

    [Fact]
    public void Contract_VmLifecycleRunsAsTasksThatEndInSuccess() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var task = await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-lifecycle"));
        Assert.Equal(ManagedObjectTypes.Task, task.Type);
        var created = await session.WaitForTaskAsync(task);
        Assert.Equal(TaskInfoState.Success, created.State);
        var vm = Assert.IsType<ManagedObjectReference>(created.Result);
        var info = await session.GetVirtualMachineAsync(vm);
        Assert.Equal("contract-lifecycle", info.Name);
        Assert.Equal(VirtualMachinePowerState.PoweredOff, info.PowerState);
        Assert.Single(info.Disks);
        Assert.StartsWith($"[{env.DatastoreName}] ", info.Disks[0].FileName);

        await session.WaitForTaskResultAsync(await session.PowerOnVmAsync(vm));
        Assert.Equal(VirtualMachinePowerState.PoweredOn, (await session.GetVirtualMachineAsync(vm)).PowerState);
        await session.WaitForTaskResultAsync(await session.PowerOffVmAsync(vm));
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
        var gone = await Assert.ThrowsAsync<VSphereFault>(() => session.GetVirtualMachineAsync(vm));
        Assert.Equal(VSphereFaultType.ManagedObjectNotFound, gone.FaultType);
    });

    [Fact]
    public void Contract_WrongPowerStateFailsTheTaskWithInvalidPowerState() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var vm = await session.WaitForMoRefAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-power")));
        var info = await session.WaitForTaskAsync(await session.PowerOffVmAsync(vm));
        Assert.Equal(TaskInfoState.Error, info.State);
        Assert.Equal(VSphereFaultType.InvalidPowerState, info.Error!.FaultType);
        Assert.Equal(VirtualMachinePowerState.PoweredOff, (await session.GetVirtualMachineAsync(vm)).PowerState);
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
    });

    [Fact]
    public void Contract_DuplicateNameFailsAndCreatesNothing() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var vm = await session.WaitForMoRefAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-dup")));
        var before = (await session.RetrieveInventoryAsync()).Vms.Count;
        var info = await session.WaitForTaskAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-dup")));
        Assert.Equal(VSphereFaultType.DuplicateName, info.Error!.FaultType);
        Assert.Equal(before, (await session.RetrieveInventoryAsync()).Vms.Count);
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
    });

    [Fact]
    public void Contract_UnknownObjectIsManagedObjectNotFound() => Run(async env =>
    {
        var (session, _, _) = await Open(env);
        using var s = session;
        var fault = await Assert.ThrowsAsync<VSphereFault>(() => session.PowerOnVmAsync(new ManagedObjectReference(ManagedObjectTypes.VirtualMachine, "vm-999999")));
        Assert.Equal(VSphereFaultType.ManagedObjectNotFound, fault.FaultType);
    });

    [Fact]
    public void Contract_SnapshotsAppearInTheTreeAndRemovalEmptiesIt() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var vm = await session.WaitForMoRefAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-snap")));
        var snap = await session.WaitForMoRefAsync(await session.CreateSnapshotAsync(vm, "before-change"));
        var info = await session.GetVirtualMachineAsync(vm);
        Assert.Equal(snap, Assert.Single(info.RootSnapshots).Snapshot);
        Assert.Equal(snap, info.CurrentSnapshot);
        Assert.NotEqual($"[{env.DatastoreName}] contract-snap/contract-snap.vmdk", info.Disks[0].FileName);
        await session.WaitForTaskResultAsync(await session.RemoveSnapshotAsync(snap));
        info = await session.GetVirtualMachineAsync(vm);
        Assert.Empty(info.RootSnapshots);
        Assert.Equal($"[{env.DatastoreName}] contract-snap/contract-snap.vmdk", info.Disks[0].FileName);
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
    });

    [Fact]
    public void Contract_ChangesSinceAVersionNameTheChangedObject() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var start = session.CheckForUpdates("").Version;
        var vm = await session.WaitForMoRefAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-feed")));
        var updates = session.CheckForUpdates(start);
        Assert.Contains(updates.Updates, u => u.Object == vm && u.Kind == ObjectUpdateKind.Enter);
        Assert.Empty(session.CheckForUpdates(updates.Version).Updates);
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
        Assert.Contains(session.CheckForUpdates(updates.Version).Updates, u => u.Object == vm && u.Kind == ObjectUpdateKind.Leave);
    });

    [Fact]
    public void Contract_EventsRecordWhatTasksDid() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var last = (await session.QueryEventsAsync(new EventFilterSpec())).Select(e => e.Key).DefaultIfEmpty(0).Max();
        var vm = await session.WaitForMoRefAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-events")));
        var events = await session.QueryEventsAsync(new EventFilterSpec { AfterKey = last, Entity = vm });
        Assert.Contains(events, e => e.EventTypeId == "VmCreatedEvent" && e.UserName == env.User);
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
    });

    [Fact]
    public void Contract_AVmDiskOpensAsABlockDeviceFromAHostThatMountsItsDatastore() => Run(async env =>
    {
        var (session, host, ds) = await Open(env);
        using var _ = session;
        var vm = await session.WaitForMoRefAsync(await session.CreateVmAsync(host.MoRef, ds.MoRef, NewVm(env, "contract-disk")));
        var disk = (await session.GetVirtualMachineAsync(vm)).Disks[0];
        using (var device = await session.OpenVirtualDiskAsync(host.MoRef, disk.FileName, writable: true))
        {
            Assert.Equal(disk.CapacityBytes, device.Capacity);
            device.Write(4096, "contract"u8);
            var back = new byte[8];
            device.Read(4096, back);
            Assert.Equal("contract"u8.ToArray(), back);
        }
        await session.WaitForTaskResultAsync(await session.DestroyVmAsync(vm));
    });
}

/// <summary>The contract run against the simulated vCenter.</summary>
public sealed class SimulatedVCenterContract : VSphereContract
{
    protected override void Run(Func<Environment, Task> body)
    {
        using var site = new TestSite();
        site.Run(() => body(new Environment(site.Site, TestSite.Vc1, TestSite.Admin, TestSite.Password, site.Esxi1.Name, site.Ds1.Name, "VM Network")));
    }
}
