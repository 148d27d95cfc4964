using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;
using Failback.Simulators.VCenter.Inventory;
using Failback.Simulators.VCenter.Server;

namespace Failback.Scenarios.Steps;

/// <summary>
/// What an operator does to the on-premises site: power, delete a VM, snapshots, storage vMotion,
/// roles, licences, host connection, configuration parameters. Each goes through the vSphere API as
/// an administrator of the managing server, so the site's own checks and faults apply.
/// </summary>
internal static class InfrastructureSteps
{
    public static Func<DrillWorld, Task<string>> Power(Node args, Topology topology, bool on)
    {
        var vm = StepBinder.Writer(StepBinder.Fields(args).Required("vm"), topology);
        if (topology.Physical.Any(p => p.Name == vm))
            return world =>
            {
                // A physical server has no API: the engineer presses its power button (the disaster, before a failover).
                world.Machine(vm).PhysicalPoweredOn = on;
                world.Simulation.Trace.Emit("drill", "physical.power", ("server", vm), ("on", on));
                return Task.FromResult($"physical server {vm} powered {(on ? "on" : "off")}");
            };
        return world => OnVm(world, vm, async (s, ms, moRef) =>
        {
            await Wait(s, on ? await s.PowerOnVmAsync(moRef) : await s.PowerOffVmAsync(moRef));
            return $"{vm} powered {(on ? "on" : "off")}";
        });
    }

    /// <summary>
    /// <c>power-cut: {vm} | {host}</c>: power lost outside the API, as when a host fails or a plug is pulled. No task
    /// runs, so neither permissions nor the host's licence (a free ESXi refuses power operations over the API) apply.
    /// </summary>
    public static Func<DrillWorld, Task<string>> PowerCut(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = m.Optional("vm") is { } vmNode ? StepBinder.Vm(vmNode, topology) : null;
        var host = m.Optional("host") is { } hostNode ? StepBinder.Host(hostNode, topology) : null;
        if ((vm is null) == (host is null)) throw m.Node.Error("power-cut names either a 'vm' or a 'host', one of the two.");
        return world =>
        {
            var victims = vm is not null
                ? [world.Vm(vm)]
                : world.Site.Vms.Where(v => v.Host == world.Host(host!)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
            var lost = victims.Where(v => !v.Removed && v.IsPoweredOn).ToList();
            foreach (var v in lost)
            {
                world.Site.SetPowerState(v, VirtualMachinePowerState.PoweredOff);
                world.Simulation.Trace.Emit("drill", "power.cut", ("vm", v.Name), ("host", v.Host.Name));
            }
            var where = vm ?? $"host {host}";
            return Task.FromResult(lost.Count == 0 ? $"{where}: nothing was running" : $"{where}: {string.Join(", ", lost.Select(v => v.Name))} lost power");
        };
    }

    public static Func<DrillWorld, Task<string>> DeleteVm(Node args, Topology topology)
    {
        var vm = StepBinder.Vm(StepBinder.Fields(args).Required("vm"), topology);
        return world => OnVm(world, vm, async (s, machine, moRef) =>
        {
            if (machine.IsPoweredOn) await Wait(s, await s.PowerOffVmAsync(moRef));
            await Wait(s, await s.DestroyVmAsync(moRef));
            return $"{vm} powered off and deleted with its disks";
        });
    }

    /// <summary><c>create-vm: {name, host, datastore}</c>: another VM, e.g. one that takes a name failback would need (78052).</summary>
    public static Func<DrillWorld, Task<string>> CreateVm(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var name = Topology.VmName(m.Required("name")).AsString();
        var host = StepBinder.Host(m.Required("host"), topology);
        var datastore = StepBinder.Datastore(m.Required("datastore"), topology);
        return async world =>
        {
            var machine = world.Host(host);
            var server = DrillWorld.ManagerOf(machine);
            var session = await world.AdminSessionAsync(server);
            var task = await session.CreateVmAsync(server.MoRefOf(machine), server.MoRefOf(world.Datastore(datastore)), new VirtualMachineConfigSpec
            {
                Name = name, GuestId = "windows9Server64Guest", AddDisks = [new VirtualDiskSpec(1L << 20)],
            });
            await Wait(session, task);
            return $"VM {name} created on {host}, datastore {datastore}";
        };
    }

    public static Func<DrillWorld, Task<string>> TakeSnapshot(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Vm(m.Required("vm"), topology);
        var name = m.Optional("name")?.AsString() ?? "drill snapshot";
        return world => OnVm(world, vm, async (s, _, moRef) =>
        {
            await Wait(s, await s.CreateSnapshotAsync(moRef, name));
            return $"{vm}: snapshot '{name}' taken";
        });
    }

    public static Func<DrillWorld, Task<string>> RemoveSnapshots(Node args, Topology topology)
    {
        var vm = StepBinder.Vm(StepBinder.Fields(args).Required("vm"), topology);
        return world => OnVm(world, vm, async (s, machine, moRef) =>
        {
            var count = machine.AllSnapshots.Count();
            await Wait(s, await s.RemoveAllSnapshotsAsync(moRef));
            return $"{vm}: {count} snapshot(s) removed and consolidated";
        });
    }

    public static Func<DrillWorld, Task<string>> StorageVMotion(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Vm(m.Required("vm"), topology);
        var datastore = StepBinder.Datastore(m.Required("datastore"), topology);
        return world => OnVm(world, vm, async (s, machine, moRef) =>
        {
            var server = DrillWorld.ManagerOf(machine.Host);
            await Wait(s, await s.RelocateVmAsync(moRef, new VirtualMachineRelocateSpec(Datastore: server.MoRefOf(world.Datastore(datastore)))));
            return $"{vm} moved to datastore {datastore}";
        });
    }

    public static Func<DrillWorld, Task<string>> SetExtraConfig(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Vm(m.Required("vm"), topology);
        var key = m.Required("key").AsString();
        var value = m.Required("value").AsString();
        return world => OnVm(world, vm, async (s, _, moRef) =>
        {
            await Wait(s, await s.ReconfigureVmAsync(moRef, new VirtualMachineConfigSpec { ExtraConfig = new Dictionary<string, string> { [key] = value } }));
            return $"{vm}: {key} = {value}";
        });
    }

    public static Func<DrillWorld, Task<string>> SetRole(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var server = StepBinder.Server(m.Required("server"), topology);
        var userNode = m.Required("user");
        var user = userNode.AsString();
        var role = Topology.Role(m.Required("role"));
        return world =>
        {
            var instance = world.Server(server);
            if (!instance.Accounts.ContainsKey(user))
                throw new StepFailure("UserNotFound", $"{server} has no account '{user}'; accounts: {string.Join(", ", instance.Accounts.Keys.Order(StringComparer.Ordinal))}.");
            instance.SetRole(user, DrillWorld.RoleOf(instance, role));
            world.Simulation.Trace.Emit("drill", "role.changed", ("server", instance.Name), ("user", user), ("role", role));
            return Task.FromResult($"{user} on {instance.Name} is now {role}");
        };
    }

    public static Func<DrillWorld, Task<string>> SetLicense(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var host = StepBinder.Host(m.Required("host"), topology);
        var edition = m.Required("edition").AsEnum(Topology.Editions);
        return async world =>
        {
            var machine = world.Host(host);
            var key = $"{edition.ToString().ToUpperInvariant()}-{world.Site.Licenses.Count + 1:00000}";
            world.Site.AddLicense(key, edition);
            var server = DrillWorld.ManagerOf(machine);
            var session = await world.AdminSessionAsync(server);
            await Wait(session, await session.AssignLicenseAsync(server.MoRefOf(machine), key));
            return $"{machine.Name} licensed as {edition}";
        };
    }

    public static Func<DrillWorld, Task<string>> HostConnection(Node args, Topology topology, bool connected)
    {
        var host = StepBinder.Host(StepBinder.Fields(args).Required("host"), topology);
        return world =>
        {
            var machine = world.Host(host);
            world.Site.SetHostConnectionState(machine, connected ? HostSystemConnectionState.Connected : HostSystemConnectionState.NotResponding);
            return Task.FromResult($"{machine.Name} {(connected ? "reconnected" : "not responding")}");
        };
    }

    private static async Task<string> OnVm(DrillWorld world, string name, Func<IVSphereSession, VirtualMachine, ManagedObjectReference, Task<string>> action)
    {
        var vm = world.Vm(name);
        if (vm.Removed) throw new StepFailure("ManagedObjectNotFound", $"VM '{name}' was already deleted.");
        var server = DrillWorld.ManagerOf(vm.Host);
        var session = await world.AdminSessionAsync(server);
        return await action(session, vm, server.MoRefOf(vm));
    }

    private static async Task Wait(IVSphereSession session, ManagedObjectReference task)
    {
        var info = await session.WaitForTaskAsync(task);
        if (info.Error is { } error) throw error;
    }
}
