using Failback.Engine.Ports;
using Failback.Engine.Ports.VSphere;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Scenarios.Steps;

/// <summary>
/// Guest writes: <c>write</c> (one write, now) and <c>workload</c> (writes at a churn rate in the
/// background for a while). Data comes from the run's guest stream; the ground truth records every write.
/// </summary>
public static class GuestWriteStep
{
    public static Func<DrillWorld, Task<string>> BindWrite(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args, "vm", "disk", "offset", "size", "data");
        var vm = StepBinder.Vm(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        var offset = m.Optional("offset")?.AsSize() ?? 0;
        var sizeNode = m.Optional("size");
        // Data from a file beside the scenario (padded to whole sectors), or random bytes from the guest stream.
        var dataNode = m.Optional("data");
        byte[]? fixedData = null;
        if (dataNode is not null)
        {
            if (sizeNode is not null) throw sizeNode.Error("give either 'data' (a file) or 'size', not both.");
            var path = dataNode.AsPathInside(Path.GetDirectoryName(Path.GetFullPath(dataNode.File))!);
            if (!File.Exists(path)) throw dataNode.Error($"no file '{dataNode.AsString()}' beside the scenario.");
            var bytes = File.ReadAllBytes(path);
            fixedData = new byte[Math.Max(512, (bytes.Length + 511) / 512 * 512)];
            bytes.CopyTo(fixedData, 0);
        }
        var size = fixedData?.Length ?? sizeNode?.AsSize() ?? 4096;
        if (size is <= 0 or > 16L << 20 || size % 512 != 0) throw (sizeNode ?? m.Node).Error("size must be a multiple of 512 bytes, at most 16MiB.");
        if (offset % 512 != 0) throw m.Required("offset").Error("offset must be a multiple of 512 bytes (a sector).");
        return world =>
        {
            var device = Device(world, vm, disk, out var machine);
            if (offset + size > device.Capacity)
                throw new StepFailure("OutOfRange", $"{machine.Name} disk {disk} is {Quantities.FormatSize(device.Capacity)}; a write of {Quantities.FormatSize(size)} at {offset} does not fit.");
            var data = fixedData ?? new byte[size];
            if (fixedData is null) world.Guest.NextBytes(data);
            device.Write(offset, data);
            return Task.FromResult($"{machine.Name} disk {disk}: wrote {Quantities.FormatSize(size)} at offset {offset} (write #{world.Truth.Writes.Count})");
        };
    }

    public static Func<DrillWorld, Task<string>> BindWorkload(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args, "vm", "disk", "rate", "for", "block", "every");
        var vm = StepBinder.Vm(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        var rate = m.Required("rate").AsRate();
        var forNode = m.Required("for");
        var duration = forNode.AsDuration();
        if (duration <= TimeSpan.Zero) throw forNode.Error("for must be a positive duration.");
        var block = m.Optional("block")?.AsSize() ?? 64 << 10;
        if (block is <= 0 or > 4L << 20 || block % 512 != 0) throw m.Required("block").Error("block must be a multiple of 512 bytes, at most 4MiB.");
        var every = m.Optional("every")?.AsDuration() ?? TimeSpan.FromMinutes(1);
        if (every <= TimeSpan.Zero || every > duration) throw m.Required("every").Error("every must be positive and no longer than 'for'.");
        var blocksPerTick = Math.Max(1, (int)Math.Round(rate * every.TotalSeconds / block));
        return world =>
        {
            var device = Device(world, vm, disk, out var machine);
            var slots = device.Capacity / block;
            var ticks = (int)(duration.Ticks / every.Ticks);
            world.Simulation.Spawn($"workload {machine.Name}", async () =>
            {
                var buffer = new byte[block];
                for (var tick = 0; tick < ticks; tick++)
                {
                    await world.Simulation.Clock.Delay(every);
                    // The guest writes only while it runs.
                    if (machine.Removed || machine.PowerState != VirtualMachinePowerState.PoweredOn)
                    {
                        world.Simulation.Trace.Emit("guest", "workload.stopped", ("vm", machine.Name), ("reason", machine.Removed ? "deleted" : "powered off"));
                        return;
                    }
                    for (var i = 0; i < blocksPerTick; i++)
                    {
                        world.Guest.NextBytes(buffer);
                        device.Write(world.Guest.Next((int)Math.Min(slots, int.MaxValue)) * block, buffer);
                    }
                }
                world.Simulation.Trace.Emit("guest", "workload.ended", ("vm", machine.Name), ("writes", ticks * blocksPerTick));
            });
            return Task.FromResult($"{machine.Name} disk {disk}: workload of {blocksPerTick} x {Quantities.FormatSize(block)} every {Quantities.FormatDuration(every)} for {Quantities.FormatDuration(duration)}");
        };
    }

    private static IBlockDevice Device(DrillWorld world, string vm, int disk, out VirtualMachine machine)
    {
        machine = world.Vm(vm);
        if (machine.Removed) throw new StepFailure("ManagedObjectNotFound", $"VM '{vm}' was deleted; its guest cannot write.");
        if (machine.PowerState != VirtualMachinePowerState.PoweredOn) throw new StepFailure("InvalidPowerState", $"VM '{vm}' is {machine.PowerState}; only a running guest writes.");
        if (disk >= machine.Disks.Count) throw new StepFailure("DeviceNotFound", $"VM '{vm}' has {machine.Disks.Count} disk(s), numbered from 0; there is no disk {disk}.");
        return world.GuestDevice(machine, disk);
    }
}
