using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;
using Failback.Simulators.Kernel;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The engine as a process of its own, for the crash test: a VMware disk (VMDK) replicating to an
/// Azure disk (fixed VHD) over a slow link, its state in the configuration server's SQLite file.
/// <c>crash-host DIR WRITES FIRST-BLOCK</c> starts fresh or, when DIR holds a database, resumes from
/// it; it writes WRITES 4 KiB blocks from FIRST-BLOCK on, printing <c>ack N</c> once block N's write
/// returned to the guest, then waits until the target has caught up.
/// </summary>
public static class CrashHost
{
    public const long Capacity = 16 << 20;
    public const int BlockBytes = 4096;
    private const string Passphrase = "crash-test-passphrase";

    public static int Main(string[] args)
    {
        if (args.Length != 4 || args[0] != "crash-host")
        {
            Console.Error.WriteLine("usage: Engine.Tests crash-host DIR WRITES FIRST-BLOCK (this assembly is a test project; run it with dotnet test)");
            return 2;
        }
        Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    public static byte[] BlockData(int block)
    {
        var data = new byte[BlockBytes];
        new ChoiceStream("block", (ulong)block + 1).NextBytes(data);
        return data;
    }

    private static void Run(string dir, int writes, int firstBlock)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        var dbPath = Path.Combine(dir, "cs.db");
        var resume = File.Exists(dbPath);
        using var cs = resume ? ConfigurationServer.Open(dbPath, sim.Clock) : ConfigurationServer.Create(dbPath, "cs", "10.0.0.5", Passphrase, TestSalt.Bytes, sim.Clock);
        using var source = resume ? DiskImage.Open(Path.Combine(dir, "source.vmdk")) : DiskImage.Create(Path.Combine(dir, "source.vmdk"), DiskFormat.Vmdk, Capacity);
        using var replica = resume ? DiskImage.Open(Path.Combine(dir, "target.vhd")) : DiskImage.Create(Path.Combine(dir, "target.vhd"), DiskFormat.Vhd, Capacity);
        if (!resume)
        {
            var (forward, _) = cs.CreatePolicy("forward", TimeSpan.FromMinutes(15), TimeSpan.FromHours(24), TimeSpan.FromHours(1));
            var item = cs.AddProtectedItem("vm-1", "vm-1", "VMwareVm", forward.Id, [new ItemDiskRecord("", "disk-1", Capacity, "target.vhd")]);
            cs.Database.SavePair(new ReplicationPairRecord("pair-1", item.Id, "OnPremisesToAzure", "ps-1", null, Path.Combine(dir, "retention"), "InitialReplication", 0, sim.Clock.GetUtcNow()));
        }
        var record = cs.Database.FindPair("pair-1") ?? throw new InvalidOperationException("The database has no replication pair 'pair-1'.");
        var item1 = cs.Database.FindItem(record.ItemId)!;
        using var journal = RetentionJournal.Open(record.JournalPath);

        // The in-memory queue died with the old process; numbering goes on from what the target recorded.
        var agent = new MobilityAgent("vm-1", PairRig.Source, sim.Clock, Math.Max(record.AppliedSequence, journal.LastSequence));
        var guest = agent.Attach("disk-1", source);
        var network = new TestNetwork(sim.Clock, 2048, TimeSpan.FromMilliseconds(5));
        var ps = new ProcessServer("ps", PairRig.ProcessServerIp, ServerLocation.OnPremises, 64 << 20, network, sim.Clock);
        var target = new ReplicationTarget(PairRig.TargetHost, journal);
        target.AddDisk("disk-1", replica, holdsData: resume);
        var pair = new ReplicationPair(record.Id, agent, ps, target, cs.Policy(item1.PolicyId), network, sim.Clock);
        pair.Applied += sequence => cs.Database.SavePair(record with { State = "Replicating", AppliedSequence = sequence, UpdatedAt = sim.Clock.GetUtcNow() });

        sim.Run(async () =>
        {
            using var stop = new CancellationTokenSource();
            var running = sim.Spawn("pair", () => pair.RunAsync(stop.Token));
            for (var block = firstBlock; block < firstBlock + writes; block++)
            {
                guest.Write((long)block * BlockBytes, BlockData(block));
                Console.Out.WriteLine($"ack {block}");
                await sim.Clock.Delay(TimeSpan.FromSeconds(1));
            }
            while (pair.State != PairState.Replicating || target.AppliedSequence < agent.LastSequence)
                await sim.Clock.Delay(TimeSpan.FromSeconds(10));
            stop.Cancel();
            await running;
        });
        var initial = pair.InitialReplication.Single();
        Console.Out.WriteLine($"initial {initial.Mode} blocks={initial.BlocksSent} bytes={initial.BytesSent}");
    }
}
