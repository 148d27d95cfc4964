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
/// </summary>
public static class Fleet
{
    public static int Run(string[] args)
    {
        var vms = Option(args, "--vms", 100);
        var hours = Option(args, "--hours", 24);
        var writeBytes = Option(args, "--write-bytes", 16384);
        var everySeconds = Option(args, "--every-seconds", 60);
        var wall = Stopwatch.StartNew();
        var dir = Path.Combine(Path.GetTempPath(), $"fleet-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            using var sim = new Simulation(new SimulationOptions { Seed = 1 });
            var network = new FleetNetwork(sim.Clock, 12.5e6, TimeSpan.FromMilliseconds(2));
            var ps = new ProcessServer("ps-1", "10.0.0.20", ServerLocation.OnPremises, 300L << 30, network, sim.Clock);
            var policy = new ReplicationPolicy
            {
                Id = "policy-1", Name = "forward", RpoThreshold = TimeSpan.FromMinutes(15),
                RecoveryPointRetention = TimeSpan.FromHours(24), AppConsistentFrequency = TimeSpan.FromMinutes(60),
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

            long writes = 0;
            sim.Run(async () =>
            {
                using var stop = new CancellationTokenSource();
                var running = pairs.Select(p => sim.Spawn(p.Id, () => p.RunAsync(stop.Token))).ToList();
                var workloads = guests.Select((guest, i) => sim.Spawn($"workload-{i}", async () =>
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
                        await sim.Clock.Delay(TimeSpan.FromSeconds(everySeconds));
                    }
                })).ToList();
                await sim.Clock.Delay(TimeSpan.FromHours(hours));
                stop.Cancel();
                await Task.WhenAll(running.ToArray());
                await Task.WhenAll(workloads.ToArray());
            });

            using var self = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{vms} VMs, {hours} simulated hours, {writes} guest writes of {writeBytes} bytes: {wall.Elapsed.TotalSeconds:F1} s wall, " +
                $"peak working set {self.PeakWorkingSet64 / (1 << 20)} MiB, {pairs.Sum(p => p.Target.Journal.Points.Count)} recovery points, " +
                $"max RPO {pairs.Max(p => p.MaxRpo).TotalSeconds:F1} s, {network.Bytes / (1 << 20)} MiB on the wire, " +
                $"journals {journals.Sum(j => j.SizeBytes) / (1 << 20)} MiB"));
            foreach (var journal in journals) journal.Dispose();
            foreach (var disk in disks) disk.Dispose();
            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
