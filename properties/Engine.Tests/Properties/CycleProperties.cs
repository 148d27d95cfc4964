using Failback.Engine.Orchestration.Items;
using Failback.Engine.Tests.Cycle;
using Failback.Engine.Tests.Properties.Planted;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Engine.Tests.Properties;

/// <summary>
/// Random valid operation sequences on the real wired engine (vault, vCenter and Azure simulators, real
/// disk images): operations drawn among the item's allowedOperations, refused ones, guest writes, waits
/// and process-server outages. After every step the world keeps its invariants (see <see cref="CycleDriver"/>):
/// allowedOperations and every state change follow the plain transition table, every job ends, never two
/// running copies of the VM, and every failover recovers exactly the ground truth at its point.
/// </summary>
public sealed class CycleProperties(ITestOutputHelper output)
{
    /// <summary>Steps are drawn without looking at the state; each is read against the state it meets (an index modulo what is allowed).</summary>
    private static readonly Gen<CycleStep> Steps = Gen.Frequency(
        (6, from choice in Gen.Choose(0, 1000) from point in Gen.Choose(0, 6) select (CycleStep)new Operate(choice, point)),
        (1, from choice in Gen.Choose(0, 1000) select (CycleStep)new Refused(choice)),
        (4, from sector in Gen.Choose(0, (int)(CycleWorld.DiskSize / 512) - 1)
            from sectors in Gen.Choose(1, 256)
            from fill in Gen.Choose(1, 255)
            select (CycleStep)new GuestWrite(sector, sectors, (byte)fill)),
        (4, from minutes in Gen.Frequency((4, Gen.Choose(1, 15)), (1, Gen.Choose(30, 240)), (1, Gen.Choose(1500, 1600))) select (CycleStep)new Wait(minutes)),
        (1, Gen.Constant((CycleStep)new ProcessServerDown())),
        (1, Gen.Constant((CycleStep)new ProcessServerUp())));

    /// <summary>A world seed and 5-40 steps.</summary>
    internal static Arbitrary<(ulong Seed, CycleStep[] Steps)> Sequences =>
        (from seed in Gen.Choose(1, 1000)
         from count in Gen.Choose(5, 40)
         from steps in Gen.ArrayOf(Steps, count)
         select ((ulong)seed, steps)).ToArbitrary();

    public static Property InvariantsHold(Func<CycleWorld, CycleDriver> driver, Action<CycleDriver>? ran = null) =>
        Prop.ForAll(Sequences, c =>
        {
            using var w = new CycleWorld(c.Seed);
            var d = driver(w);
            w.Run(() => d.RunAsync(c.Steps));
            ran?.Invoke(d);
            return true;
        });

    [Fact]
    public void CYC1_FO3_RandomOperationSequences_KeepEveryInvariant()
    {
        var reached = new HashSet<ProtectionState>();
        var failovers = 0;
        var pointChanges = 0;
        PropertyRun.Holds(output, "cycle invariants", 12, seed: 3, InvariantsHold(w => new CycleDriver(w), d =>
        {
            reached.UnionWith(d.Reached);
            failovers += d.FailoversChecked;
            pointChanges += d.PointChangesChecked;
        }));
        output.WriteLine($"reached {reached.Count} states: {string.Join(", ", reached.Order())}; {failovers} failovers checked against the ground truth, {pointChanges} of them changes of recovery point");
        // The budget must reach past the first failover, or the data invariants were never exercised.
        Assert.Contains(ProtectionState.FailedOverToAzure, reached);
        Assert.Contains(ProtectionState.InitialReplicationToOnPremises, reached);
        Assert.True(failovers > 0, "no failover was checked against the ground truth");
        Assert.True(pointChanges > 0, "no change of recovery point was checked against the ground truth");
    }

    /// <summary>The planted process server that acknowledges writes before persisting them, on the forward (to Azure) path.</summary>
    private sealed class AckBeforePersistDriver : CycleDriver
    {
        private AckBeforePersistBlobs? _blobs;

        public AckBeforePersistDriver(CycleWorld world) : base(world) => world.Ports = world.Ports with { Blobs = inner => _blobs = new AckBeforePersistBlobs(inner) };

        protected override void ProcessServerCrashed(string name)
        {
            if (name == "ps-onprem") _blobs?.Crash();
        }
    }

    [Fact]
    public void ThePropertyCatchesAProcessServerThatAcknowledgesWritesBeforePersistingThem_AndItsSeedReplaysIt()
    {
        var message = PropertyRun.FindsBug(output, "cycle invariants vs a process server acking before persisting", 60, seed: 3, () => InvariantsHold(w => new AckBeforePersistDriver(w)));
        Assert.Contains("differs from the ground truth", message, StringComparison.Ordinal);
    }
}
