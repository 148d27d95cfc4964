using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Failback.Scenarios.World;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// One protected machine wired the way the engine runs it: guest → ground truth → mobility agent →
/// source disk; process server; target disk and retention journal; a test network between them.
/// </summary>
internal sealed class PairRig : IDisposable
{
    public const string Source = "10.0.0.10", ProcessServerIp = "10.0.0.20", TargetHost = "10.1.0.30";
    private readonly TempDirectory _dir = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    public PairRig(Simulation sim, long capacity = 4 << 20, double bytesPerSecond = 100e6, ReplicationPolicy? policy = null,
        MemoryDisk? existingTarget = null, MemoryDisk? sourceDisk = null, long cacheBytes = 64L << 20, ReplicationOptions? options = null,
        ResyncBaseline? baseline = null, long agentBufferBytes = MobilityAgent.DefaultBufferBytes)
    {
        Sim = sim;
        SourceDisk = sourceDisk ?? new MemoryDisk(capacity);
        TargetDisk = existingTarget ?? new MemoryDisk(SourceDisk.Capacity);
        Truth = new GroundTruth(sim.Clock);
        Agent = new MobilityAgent("vm-1", Source, sim.Clock, bufferBytes: agentBufferBytes);
        Guest = Truth.Record("disk-1", Agent.Attach("disk-1", SourceDisk));
        Network = new TestNetwork(sim.Clock, bytesPerSecond, TimeSpan.FromMilliseconds(1));
        ProcessServer = new ProcessServer("ps-azure", ProcessServerIp, ServerLocation.Azure, cacheBytes, Network, sim.Clock);
        Journal = RetentionJournal.Open(_dir.File("journal"), segmentBytes: 256 * 1024);
        Target = new ReplicationTarget(TargetHost, Journal);
        Target.AddDisk("disk-1", TargetDisk, holdsData: existingTarget is not null, baseline);
        Policy = policy ?? new ReplicationPolicy
        {
            Id = "policy-1", Name = "forward", RpoThreshold = TimeSpan.FromMinutes(15),
            RecoveryPointRetention = TimeSpan.FromHours(24), AppConsistentFrequency = TimeSpan.FromMinutes(60),
        };
        Pair = new ReplicationPair("pair-1", Agent, ProcessServer, Target, Policy, Network, sim.Clock, options);
    }

    public Simulation Sim { get; }
    public MemoryDisk SourceDisk { get; }
    public MemoryDisk TargetDisk { get; }
    public GroundTruth Truth { get; }
    public MobilityAgent Agent { get; }
    public Failback.Engine.Ports.IBlockDevice Guest { get; }
    public TestNetwork Network { get; }
    public ProcessServer ProcessServer { get; }
    public RetentionJournal Journal { get; }
    public ReplicationTarget Target { get; }
    public ReplicationPolicy Policy { get; }
    public ReplicationPair Pair { get; }
    public string Directory => _dir.Path;

    /// <summary>Starts the pair on the simulation's scheduler (call inside Simulation.Run).</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource();
        _running = Sim.Spawn("pair", () => Pair.RunAsync(_stop.Token));
    }

    public async Task StopAsync()
    {
        _stop!.Cancel();
        await _running!;
    }

    /// <summary>Waits in virtual time until the target holds every captured write.</summary>
    public async Task CaughtUpAsync()
    {
        while (Pair.State != PairState.Replicating || Target.AppliedSequence < Agent.LastSequence || Agent.PendingRecords > 0)
            await Sim.Clock.Delay(TimeSpan.FromSeconds(1));
    }

    public void Fill(ChoiceStream random, long bytes)
    {
        var data = new byte[bytes];
        random.NextBytes(data);
        SourceDisk.Write(0, data);
    }

    public void Dispose()
    {
        _stop?.Dispose();
        Journal.Dispose();
        _dir.Dispose();
    }
}
