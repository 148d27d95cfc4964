using System.Diagnostics;
using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;
using Failback.Simulators.Kernel;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// The engine as a process of its own, for the crash test: a VMware disk (VMDK) replicating to an
/// Azure disk (fixed VHD) over a slow link, its state in the configuration server's SQLite file.
/// <c>crash-host DIR WRITES FIRST-BLOCK [KILL-AT [PLANT]]</c> starts fresh or, when DIR holds a database,
/// resumes from it; it writes WRITES 4 KiB blocks from FIRST-BLOCK on, printing <c>ack N S</c> once block N's
/// write returned to the guest as the agent's write S, and <c>durable S</c> once the database records the target
/// applied every write up to S; then it waits until the target has caught up and prints <c>events E</c>.
/// The replica sits behind a volatile write cache (<see cref="PowerLossDisk"/>); the test runs it with the database files behind
/// a power-loss model (<see cref="PowerLossFiles"/>). With KILL-AT, the process
/// SIGKILLs itself at its KILL-AT-th kill point: every replica write and flush, every database update of the
/// pair (before and after), every acknowledgement. PLANT names a planted fault the durability test must catch.
/// </summary>
public static class CrashHost
{
    public const long Capacity = 16 << 20;
    public const int BlockBytes = 4096;
    private const string Passphrase = "crash-test-passphrase";

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cycle-host") return CycleCrashHost.Run(args);
        if (args.Length is < 4 or > 6 || args[0] != "crash-host")
        {
            Console.Error.WriteLine("usage: Engine.Tests crash-host DIR WRITES FIRST-BLOCK [KILL-AT [PLANT]] (this assembly is a test project; run it with dotnet test)");
            return 2;
        }
        _killAt = args.Length > 4 ? long.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var plant = args.Length > 5 ? args[5] : "none";
        if (!Plants.Contains(plant))
        {
            Console.Error.WriteLine($"unknown plant '{plant}'; one of {string.Join(", ", Plants)}");
            return 2;
        }
        Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), plant);
        Console.Out.WriteLine($"events {_events}");
        return 0;
    }

    /// <summary>
    /// The planted faults: the pair's progress never saved, acknowledged before it is saved, a replica flush that syncs
    /// nothing, the configuration database committing without syncing (SQLite's synchronous=OFF).
    /// </summary>
    public static readonly string[] Plants = ["none", "drop-pair-updates", "ack-before-persist", "flush-ignored", "database-sync-off"];

    private static long _killAt;
    private static long _events;

    /// <summary>
    /// A kill point: at the chosen one the process dies as kill -9 would kill it (no cleanup, no flush). A run
    /// without one lists them as <c>point N LABEL</c>, for the test to choose from each kind.
    /// </summary>
    private static void KillPoint(string label)
    {
        ++_events;
        if (_killAt == 0) Console.Out.WriteLine($"point {_events} {label}");
        if (_events != _killAt) return;
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>The planted fault: the engine's connection stops syncing its commits (the engine gives no way to, on purpose).</summary>
    internal static void SyncOff(ConfigurationDatabase database)
    {
        using var command = Connection(database).CreateCommand();
        command.CommandText = "PRAGMA synchronous = OFF";
        command.ExecuteNonQuery();
    }

    /// <summary>The engine's own connection to its database (the engine exposes none, on purpose): for plants and kill points.</summary>
    internal static Microsoft.Data.Sqlite.SqliteConnection Connection(ConfigurationDatabase database) =>
        (Microsoft.Data.Sqlite.SqliteConnection)typeof(ConfigurationDatabase)
            .GetField("_connection", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(database)!;

    public static byte[] BlockData(int block)
    {
        var data = new byte[BlockBytes];
        new ChoiceStream("block", (ulong)block + 1).NextBytes(data);
        return data;
    }

    private static void Run(string dir, int writes, int firstBlock, string plant)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        var dbPath = Path.Combine(dir, "cs.db");
        var resume = File.Exists(dbPath);
        using var cs = resume ? ConfigurationServer.Open(dbPath, sim.Clock) : ConfigurationServer.Create(dbPath, "cs", "10.0.0.5", Passphrase, TestSalt.Bytes, sim.Clock);
        using var source = resume ? DiskImage.Open(Path.Combine(dir, "source.vmdk")) : DiskImage.Create(Path.Combine(dir, "source.vmdk"), DiskFormat.Vmdk, Capacity);
        using var replica = new PowerLossDisk(resume ? DiskImage.Open(Path.Combine(dir, "target.vhd")) : DiskImage.Create(Path.Combine(dir, "target.vhd"), DiskFormat.Vhd, Capacity),
            honourFlush: plant != "flush-ignored", () => KillPoint("replica-io"));
        if (plant == "database-sync-off") SyncOff(cs.Database);
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
        pair.Applied += sequence =>
        {
            if (plant == "ack-before-persist") Console.Out.WriteLine($"durable {sequence}");
            KillPoint("before-pair-update");
            if (plant != "drop-pair-updates") cs.Database.SavePair(record with { State = "Replicating", AppliedSequence = sequence, UpdatedAt = sim.Clock.GetUtcNow() });
            KillPoint("after-pair-update");
            if (plant != "ack-before-persist") Console.Out.WriteLine($"durable {sequence}");
        };

        sim.Run(async () =>
        {
            using var stop = new CancellationTokenSource();
            var running = sim.Spawn("pair", () => pair.RunAsync(stop.Token));
            for (var block = firstBlock; block < firstBlock + writes; block++)
            {
                guest.Write((long)block * BlockBytes, BlockData(block));
                KillPoint("guest-write");
                Console.Out.WriteLine($"ack {block} {agent.LastSequence}");
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
