using System.Diagnostics;
using System.Globalization;
using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;
using Failback.Simulators.Kernel;

namespace Failback.Benchmarks;

/// <summary>
/// Many VMs replicating for many simulated hours, for the goal "24 simulated hours of 100 VMs with
/// steady churn in well under a minute and under 1 GiB": thin VMDK sources, fixed-VHD targets and a
/// retention journal per VM on real files, one process server, one shared 100 Mbit/s link.
/// By default each VM writes one small block (16 KiB) a minute over a 4 MiB working set; <c>--churn 1MiB/s</c>
/// instead writes that rate per VM as DR engineers describe production churn (see <see cref="FleetChurn"/>),
/// on a link sized to carry it. Prints wall and CPU time, peak RSS and the load average.
/// </summary>
public static class Fleet
{
    public static int Run(string[] args)
    {
        var vms = Option(args, "--vms", 100);
        var hours = double.Parse(TextOption(args, "--hours") ?? "24", CultureInfo.InvariantCulture);
        var writeBytes = Option(args, "--write-bytes", 16384);
        var everySeconds = Option(args, "--every-seconds", 60);
        FleetChurn? churn;
        try
        {
            churn = FleetChurn.Parse(TextOption(args, "--churn"));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var retention = TimeSpan.FromMinutes(Option(args, "--retention-minutes", 24 * 60));
        // A link that carries the fleet's churn with a quarter to spare, never below the 100 Mbit/s of the small writes.
        var linkBytesPerSecond = Math.Max(12.5e6, churn is null ? 0 : 1.25 * churn.BytesPerSecond * vms);
        var cpu = CpuTime();
        var wall = Stopwatch.StartNew();
        // The journal holds the retention window's undo records; source and replica, the working set each. Churn's blocks
        // are descriptions: their overwrites' undo is a header each, bytes only for a block's first write (the whole disk).
        var window = Math.Min(hours * 3600, retention.TotalSeconds);
        var footprint = vms * (churn is null
            ? ((double)writeBytes / everySeconds * window) + (2 * (4 << 20))
            : (3 * (64 << 20)) + (churn.WritesPerSecond * window * 64));
        var dir = Path.Combine(TextOption(args, "--dir") ?? FleetFolder(footprint), $"fleet-{Environment.ProcessId}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fleet files in {dir} (about {footprint / (1 << 30):F1} GiB expected)"));
        Directory.CreateDirectory(dir);
        try
        {
            using var sim = new Simulation(new SimulationOptions { Seed = 1 });
            var network = new FleetNetwork(sim.Clock, linkBytesPerSecond, TimeSpan.FromMilliseconds(2));
            var ps = new ProcessServer("ps-1", "10.0.0.20", ServerLocation.OnPremises, 300L << 30, network, sim.Clock);
            var policy = new ReplicationPolicy
            {
                Id = "policy-1", Name = "forward", RpoThreshold = TimeSpan.FromMinutes(15),
                RecoveryPointRetention = retention, AppConsistentFrequency = TimeSpan.FromMinutes(60),
            };
            var disks = new List<IDisposable>();
            var journals = new List<RetentionJournal>();
            var pairs = new List<ReplicationPair>();
            var guests = new List<IBlockDevice>();
            for (var i = 0; i < vms; i++)
            {
                var source = DiskImage.Create(Path.Combine(dir, $"vm-{i}.vmdk"), DiskFormat.Vmdk, 64 << 20);
                var replica = DiskImage.Create(Path.Combine(dir, $"vm-{i}.vhd"), DiskFormat.Vhd, 64 << 20);
                var journal = RetentionJournal.Open(Path.Combine(dir, $"retention-{i}"));
                disks.Add(source);
                disks.Add(replica);
                journals.Add(journal);
                var agent = new MobilityAgent($"vm-{i}", $"10.0.1.{i}", sim.Clock);
                guests.Add(agent.Attach("disk-1", source));
                var target = new ReplicationTarget("azure-storage", journal);
                target.AddDisk("disk-1", replica, holdsData: false);
                pairs.Add(new ReplicationPair($"pair-{i}", agent, ps, target, policy, network, sim.Clock));
            }

            var setup = wall.Elapsed;
            long writes = 0, written = 0;
            sim.Run(async () =>
            {
                using var stop = new CancellationTokenSource();
                var running = pairs.Select(p => sim.Spawn(p.Id, () => p.RunAsync(stop.Token))).ToList();
                var workloads = guests.Select((guest, i) => sim.Spawn($"workload-{i}", churn is not null
                    ? () => churn.RunAsync((IWriteDataTarget)guest, guest.Capacity, sim.Clock, sim.Choices.Stream($"workload-{i}"), stop.Token, bytes => { writes++; written += bytes; })
                    : async () =>
                {
                    var random = sim.Choices.Stream($"workload-{i}");
                    var data = new byte[writeBytes];
                    await sim.Clock.Delay(TimeSpan.FromSeconds(random.Next(everySeconds)));
                    while (!stop.IsCancellationRequested)
                    {
                        random.NextBytes(data);
                        // A 4 MiB working set: steady churn over the same blocks, as databases and logs do.
                        guest.Write((long)random.Next((4 << 20) / writeBytes) * writeBytes, data);
                        writes++;
                        written += writeBytes;
                        await sim.Clock.Delay(TimeSpan.FromSeconds(everySeconds));
                    }
                })).ToList();
                await sim.Clock.Delay(TimeSpan.FromHours(hours));
                stop.Cancel();
                await Task.WhenAll(running.ToArray());
                await Task.WhenAll(workloads.ToArray());
            });

            var simulated = wall.Elapsed - setup;
            using var self = Process.GetCurrentProcess();
            var what = churn is null ? $"{writes} guest writes of {writeBytes} bytes" : $"{writes} guest writes at {churn} per VM ({written / (double)(1 << 30):F2} GiB)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{vms} VMs, {hours} simulated hours, {what}: {wall.Elapsed.TotalSeconds:F1} s wall " +
                $"(setup {setup.TotalSeconds:F1} s, simulation {simulated.TotalSeconds:F1} s), {(CpuTime() - cpu).TotalSeconds:F1} s CPU, " +
                $"peak RSS {self.PeakWorkingSet64 / (1 << 20)} MiB, {pairs.Sum(p => p.Target.Journal.Points.Count)} recovery points, " +
                $"max RPO {pairs.Max(p => p.MaxRpo).TotalSeconds:F1} s, {network.Bytes / (1 << 20)} MiB on the wire, " +
                $"journals {journals.Sum(j => j.SizeBytes) / (1 << 20)} MiB ({retention.TotalHours:0.##} h retention), " +
                $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores"));
            foreach (var journal in journals) journal.Dispose();
            foreach (var disk in disks) disk.Dispose();
            return 0;
        }
        finally
        {
            var teardown = Stopwatch.StartNew();
            Directory.Delete(dir, true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removing the fleet's files took {teardown.Elapsed.TotalSeconds:F1} s more; {wall.Elapsed.TotalSeconds:F1} s in all"));
        }
    }

    /// <summary>
    /// /dev/shm when the run's files fit in half of what it has free, else the temp folder. On a disk, removing
    /// thousands of files whose pages are still being written back waits for that writeback (minutes at 1000 VMs).
    /// </summary>
    private static string FleetFolder(double footprint)
    {
        const string shm = "/dev/shm";
        return Directory.Exists(shm) && new DriveInfo(shm).AvailableFreeSpace / 2.0 > footprint ? shm : Path.GetTempPath();
    }

    private static string? TextOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
