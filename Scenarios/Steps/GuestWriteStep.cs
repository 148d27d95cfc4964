using Failback.Engine.Ports;
using Failback.Scenarios.Language;
using Failback.Scenarios.World;

namespace Failback.Scenarios.Steps;

/// <summary>
/// Guest writes: <c>write</c> (one write, now) and <c>workload</c> (writes at a churn rate in the
/// background for a while). The guest writes where its machine runs now (on-premises, or in Azure after a
/// failover), through the mobility agent while it replicates. Data comes from the run's guest stream; the
/// drill's ground truth records every write.
/// </summary>
internal static class GuestWriteStep
{
    public static Func<DrillWorld, Task<string>> BindWrite(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Writer(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        var offset = m.Optional("offset")?.AsSize() ?? 0;
        var sizeNode = m.Optional("size");
        // Data from a file beside the scenario (padded to whole sectors), or random bytes from the guest stream.
        var dataNode = m.Optional("data");
        byte[]? fixedData = null;
        if (dataNode is not null)
        {
            if (sizeNode is not null) throw sizeNode.Error("give either 'data' (a file) or 'size', not both.");
            var bytes = DataFile.Read(dataNode);
            fixedData = new byte[Math.Max(512, (bytes.Length + 511) / 512 * 512)];
            bytes.CopyTo(fixedData, 0);
        }
        var size = fixedData?.Length ?? sizeNode?.AsSize() ?? 4096;
        if (size is <= 0 or > 16L << 20 || size % 512 != 0) throw (sizeNode ?? m.Node).Error("size must be a multiple of 512 bytes, at most 16MiB.");
        if (offset % 512 != 0) throw m.Required("offset").Error("offset must be a multiple of 512 bytes (a sector).");
        return world =>
        {
            var machine = world.Machine(vm);
            if (disk < machine.DiskCount && offset + size > machine.Capacity(disk))
                throw new StepFailure("OutOfRange", $"{machine.Name} disk {disk} is {Quantities.FormatSize(machine.Capacity(disk))}; a write of {Quantities.FormatSize(size)} at {offset} does not fit.");
            machine.Write(disk, offset, fixedData is null ? GuestPayload.Drawn(world.Guest, (int)size) : GuestPayload.Literal(fixedData));
            return Task.FromResult($"{machine.Name} disk {disk}: wrote {Quantities.FormatSize(size)} at offset {offset} ({machine.Locate().Where}, write #{machine.TotalWrites})");
        };
    }

    public static Func<DrillWorld, Task<string>> BindWorkload(Node args, Topology topology)
    {
        var m = StepBinder.Fields(args);
        var vm = StepBinder.Writer(m.Required("vm"), topology);
        var disk = m.Optional("disk")?.AsInt(0, 63) ?? 0;
        var rate = m.Required("rate").AsRate();
        var forNode = m.Required("for");
        var duration = forNode.AsDuration();
        if (duration <= TimeSpan.Zero) throw forNode.Error("for must be a positive duration.");
        // One block size, or a mix the guest picks from evenly (as a database writes 8 KiB pages and 1 MiB log flushes).
        var blocks = m.Optional("block")?.AsListOrOne().Select(BlockSize).ToArray() ?? [64 << 10];
        if (blocks.Length == 0) throw m.Required("block").Error("block must name at least one size.");
        var every = m.Optional("every")?.AsDuration() ?? TimeSpan.FromMinutes(1);
        if (every < TimeSpan.FromSeconds(1) || every > duration) throw m.Required("every").Error("every must be at least 1s and no longer than 'for'.");
        var pattern = m.Optional("pattern")?.AsEnum(("random", WritePattern.Random), ("sequential", WritePattern.Sequential), ("hot-spot", WritePattern.HotSpot)) ?? WritePattern.Random;
        var hotNode = m.Optional("hot-spot");
        if (hotNode is not null && pattern != WritePattern.HotSpot) throw hotNode.Error("hot-spot (the share of the disk that takes 90% of the writes) needs pattern: hot-spot.");
        var hotShare = hotNode is null ? 0.1 : HotShare(hotNode);
        var blocksPerTick = Math.Max(1, (int)Math.Round(rate * every.TotalSeconds / blocks.Average()));
        // A burst: the first burst-for of every burst-every period writes at the burst rate (whole ticks of it).
        var burstNode = m.Optional("burst");
        var burstEveryNode = m.Optional("burst-every");
        var burstForNode = m.Optional("burst-for");
        if (burstNode is null && (burstEveryNode ?? burstForNode) is { } alone) throw alone.Error("burst-every and burst-for need burst (the rate of a burst).");
        var burstBlocks = burstNode is null ? blocksPerTick : Math.Max(1, (int)Math.Round(burstNode.AsRate() * every.TotalSeconds / blocks.Average()));
        var burstEvery = burstEveryNode?.AsDuration() ?? TimeSpan.FromHours(1);
        var burstFor = burstForNode?.AsDuration() ?? TimeSpan.FromMinutes(5);
        if (burstNode is not null && burstEvery < every) throw (burstEveryNode ?? burstNode).Error("burst-every must be at least 'every'.");
        if (burstNode is not null && (burstFor < every || burstFor >= burstEvery)) throw (burstForNode ?? burstNode).Error("burst-for must be at least 'every' and shorter than burst-every.");
        // Tick t (1-based) ends t x every after the start; it is in a burst when that instant lies in a period's first burst-for.
        bool InBurst(int tick) => burstNode is not null && TimeSpan.FromTicks(every.Ticks * tick % burstEvery.Ticks) is var into && into > TimeSpan.Zero && into <= burstFor;
        return world =>
        {
            var machine = world.Machine(vm);
            if (disk >= machine.DiskCount) throw new StepFailure("DeviceNotFound", $"{vm} has {machine.DiskCount} disk(s), numbered from 0; there is no disk {disk}.");
            if (!machine.Locate().Running) throw new StepFailure("NotRunning", $"{vm} does not run ({machine.Locate().Where}); only a running guest writes.");
            var capacity = machine.Capacity(disk);
            if (blocks.Max() > capacity) throw new StepFailure("OutOfRange", $"{vm} disk {disk} is {Quantities.FormatSize(capacity)}; a block of {Quantities.FormatSize(blocks.Max())} does not fit.");
            var ticks = (int)(duration.Ticks / every.Ticks);
            var next = 0L; // where a sequential writer goes on
            world.Simulation.Spawn($"workload {machine.Name}", async () =>
            {
                var writes = 0;
                for (var tick = 0; tick < ticks; tick++)
                {
                    await world.Simulation.Clock.Delay(every);
                    // The guest writes only while it runs (not while it fails over, or after its VM was deleted).
                    if (!machine.Locate().Running) continue;
                    var count = InBurst(tick + 1) ? burstBlocks : blocksPerTick;
                    var tickWrites = new List<(long, GuestPayload)>(count);
                    for (var i = 0; i < count; i++)
                    {
                        var block = blocks.Length == 1 ? blocks[0] : blocks[world.Guest.Next(blocks.Length)];
                        var payload = GuestPayload.Drawn(world.Guest, (int)block);
                        long offset;
                        switch (pattern)
                        {
                            case WritePattern.Sequential:
                                if (next + block > capacity) next = 0;
                                offset = next;
                                next += block;
                                break;
                            case WritePattern.HotSpot:
                                var hotSlots = Math.Max(1, (long)(capacity * hotShare) / block);
                                var slots = world.Guest.Chance(0.9) ? hotSlots : capacity / block;
                                offset = world.Guest.Next((int)Math.Min(slots, int.MaxValue)) * block;
                                break;
                            default:
                                offset = world.Guest.Next((int)Math.Min(capacity / block, int.MaxValue)) * block;
                                break;
                        }
                        tickWrites.Add((offset, payload));
                    }
                    machine.Write(disk, tickWrites);
                    writes += tickWrites.Count;
                }
                world.Simulation.Trace.Emit("guest", "workload.ended", ("vm", machine.Name), ("writes", writes));
            });
            var sizes = string.Join(" or ", blocks.Select(Quantities.FormatSize));
            var how = pattern switch { WritePattern.Sequential => ", sequential", WritePattern.HotSpot => $", 90% in a hot spot of {hotShare * 100:0.#}% of the disk", _ => "" };
            var burst = burstNode is null ? "" : $", {burstBlocks} x in bursts of {Quantities.FormatDuration(burstFor)} every {Quantities.FormatDuration(burstEvery)}";
            return Task.FromResult($"{machine.Name} disk {disk}: workload of {blocksPerTick} x {sizes} every {Quantities.FormatDuration(every)} for {Quantities.FormatDuration(duration)}{how}{burst}");
        };
    }

    private static long BlockSize(Node node)
    {
        var block = node.AsSize();
        if (block is <= 0 or > 4L << 20 || block % 512 != 0) throw node.Error("block must be a multiple of 512 bytes, at most 4MiB.");
        return block;
    }

    private static double HotShare(Node node)
    {
        var text = node.AsString().Trim();
        return text.EndsWith('%') && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percent) && percent is > 0 and <= 100
            ? percent / 100 : throw node.Error($"hot-spot must be a share of the disk such as 10%, not '{text}'.");
    }

    private enum WritePattern { Random, Sequential, HotSpot }
}
