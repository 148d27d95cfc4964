using Failback.TestKit.Generators;
using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Orchestration.Rules;
using Failback.Engine.Orchestration.Services;
using Failback.Engine.Ports.VSphere;
using RecoveryPoint = Failback.Engine.Replication.RecoveryPoint;
using Failback.Engine.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Engine.Tests.Oracle;

/// <summary>
/// Issue 16's independent rule oracle: random worlds and operation sequences with world changes between
/// them, each accept/refuse and its rules compared with <see cref="RuleSpec"/> (written from the seed, no
/// engine code). properties/explore.sh raises the case count (FAILBACK_PROPERTY_CASES=100000 at night).
/// </summary>
public sealed class RuleOracleProperties(ITestOutputHelper output)
{
    private static Property Agrees(Func<EngineUnderTest> engine, Action<OracleOperation, SortedSet<string>>? judged = null, bool groups = false) =>
        Agrees(engine, groups ? OracleGen.GroupCases : OracleGen.Cases, judged);

    private static Property Agrees(Func<EngineUnderTest> engine, Arbitrary<(OracleWorld World, OracleStep[] Steps)> cases, Action<OracleOperation, SortedSet<string>>? judged = null) =>
        Prop.ForAll(cases, c =>
        {
            if (OracleRun.Disagreement(engine(), c.World, c.Steps, judged) is { } disagreement)
                throw new InvalidOperationException(disagreement);
            return true;
        });

    [Fact]
    public void EveryOperationAcceptsAndRefusesAsTheSeedRulesSay_AndEveryMatrixCellIsChecked()
    {
        var accepted = new Dictionary<(OracleOperation, bool), int>();
        var refusedWith = new SortedSet<(string Rule, string Operation)>();
        void Judged(OracleOperation o, SortedSet<string> rules)
        {
            accepted[(o, rules.Count == 0)] = accepted.GetValueOrDefault((o, rules.Count == 0)) + 1;
            foreach (var rule in rules) refusedWith.Add((rule, MatrixName(o)));
        }
        PropertyRun.Holds(output, "rule oracle", 1000, seed: 16, Agrees(() => new EngineUnderTest(), Judged));
        // The same cases with the machine in a replication group (RP-9): a separate run keeps the first one's draws.
        PropertyRun.Holds(output, "rule oracle in replication groups", 1000, seed: 16, Agrees(() => new EngineUnderTest(), Judged, groups: true));
        // The cycle in order with world changes before each operation: where a later operation must check a rule again.
        PropertyRun.Holds(output, "rule oracle round the cycle", 1000, seed: 16, Agrees(() => new EngineUnderTest(), OracleGen.CycleCases, Judged));
        foreach (var ((operation, ok), n) in accepted.OrderBy(p => p.Key)) output.WriteLine($"{operation} {(ok ? "accepted" : "refused")}: {n}");
        // The budget must reach every judged operation both ways, or a whole row was never compared.
        foreach (var operation in new[] { OracleOperation.EnableProtection, OracleOperation.ReprotectToOnPremises, OracleOperation.FailoverToOnPremises, OracleOperation.ReprotectToAzure })
        {
            Assert.True(accepted.GetValueOrDefault((operation, true)) > 0, $"{operation} was never accepted");
            Assert.True(accepted.GetValueOrDefault((operation, false)) > 0, $"{operation} was never refused");
        }
        // Issue 16 item 1: each matrix cell is backed by an engine check that refused that operation with that rule,
        // and every refusal the engine made is a cell of the matrix.
        var cells = RuleApplicability.Rows.SelectMany(r => r.Operations.Select(o => (r.Rule, o))).ToHashSet();
        Assert.Empty(cells.Where(c => !refusedWith.Contains(c)).Select(c => $"{c.Rule} at {c.o}: no engine refusal seen"));
        Assert.Empty(refusedWith.Where(c => !cells.Contains(c)).Select(c => $"{c.Rule} at {c.Operation}: refused but not in the matrix"));
    }

    private static string MatrixName(OracleOperation operation) => operation switch
    {
        OracleOperation.EnableProtection => RuleApplicability.Enable,
        OracleOperation.ReprotectToOnPremises => RuleApplicability.ReprotectToOnPremises,
        OracleOperation.FailoverToOnPremises => RuleApplicability.FailoverToOnPremises,
        OracleOperation.ReprotectToAzure => RuleApplicability.ReprotectToAzure,
        _ => operation.ToString(),
    };

    /// <summary>Planted: the failover back no longer repeats PRE-8 (the check kept at reprotect only, as before issue 16).</summary>
    private sealed class NoStorageVMotionCheckAtFailover : EngineUnderTest
    {
        protected override IReadOnlyList<AsrError> FailoverToOnPremises(ProtectedItem item, ISiteDiscovery discovery) =>
            [.. base.FailoverToOnPremises(item, discovery).Where(e => e.Rule != "PRE-8")];
    }

    /// <summary>Planted: the failover back no longer asks the vCenter account (the check kept at reprotect only, before issue 18).</summary>
    private sealed class NoAccountCheckAtFailover : EngineUnderTest
    {
        protected override IReadOnlyList<AsrError> FailoverToOnPremises(ProtectedItem item, ISiteDiscovery discovery) =>
            [.. base.FailoverToOnPremises(item, discovery).Where(e => e.Rule is not ("TS-6" or "PRE-3" or "TS-1"))];
    }

    /// <summary>Planted: the failover back no longer repeats MT-6 (a backup tool's snapshot after the reprotect goes unseen).</summary>
    private sealed class NoMasterTargetSnapshotCheckAtFailover : EngineUnderTest
    {
        protected override IReadOnlyList<AsrError> FailoverToOnPremises(ProtectedItem item, ISiteDiscovery discovery) =>
            [.. base.FailoverToOnPremises(item, discovery).Where(e => e.Rule != "MT-6")];
    }

    /// <summary>
    /// Planted: RP-10 matching vSphere's one spelling NFS (version 3), as a check on <c>type == Nfs</c> does: an NFS 4.1
    /// datastore passes as if it were VMFS.
    /// </summary>
    private sealed class NfsVersion3Only : EngineUnderTest
    {
        protected override FailbackEnvironment Facts(OracleWorld w)
        {
            var env = base.Facts(w);
            return env.MasterTarget is { } mt
                ? env with { MasterTarget = mt with { DatastoreTypes = mt.DatastoreTypes.ToDictionary(p => p.Key, p => p.Value == DatastoreType.Nfs41 ? DatastoreType.Vmfs : p.Value, StringComparer.Ordinal) } }
                : env;
        }
    }

    /// <summary>Planted: LOC-3 matched on one exact OS name again.</summary>
    private sealed class ExactOsName : EngineUnderTest
    {
        protected override bool FailbackSupported(ProtectedItem item) =>
            !(item.Kind == MachineKind.PhysicalServer && string.Equals(item.OsName, ProtectedItem.WindowsServer2008R2Sp1, StringComparison.Ordinal));
    }

    /// <summary>Planted: TS-4 judged on the master target's host only, not on the host the VM returns to.</summary>
    private sealed class LicenceOnMasterTargetHostOnly : EngineUnderTest
    {
        protected override FailbackEnvironment FailoverFacts(OracleWorld w)
        {
            var env = base.FailoverFacts(w);
            return env with { OriginalVm = env.OriginalVm is { } vm ? vm with { HostLicence = HostLicence.Paid } : null };
        }
    }

    /// <summary>Planted: RP-9 checked member by member (each member's master target alone), as a per-call check does.</summary>
    private sealed class GroupCheckedPerItem : EngineUnderTest
    {
        protected override IEnumerable<AsrError> GroupRefusals(IReadOnlyList<string> memberMasterTargets) =>
            memberMasterTargets.SelectMany(mt => base.GroupRefusals([mt]));
    }

    /// <summary>Planted: a replication group's point chosen member by member (each member's own latest), as a per-call failover does.</summary>
    private sealed class CommonPointPerItem : EngineUnderTest
    {
        protected override IReadOnlyDictionary<string, RecoveryPoint>? CommonPoint(IReadOnlyDictionary<string, IReadOnlyList<RecoveryPoint>> points, RecoveryPointType type)
        {
            var each = points.ToDictionary(p => p.Key, p => base.CommonPoint(new Dictionary<string, IReadOnlyList<RecoveryPoint>> { [p.Key] = p.Value }, type));
            return each.Values.Any(v => v is null) ? null : each.ToDictionary(p => p.Key, p => p.Value![p.Key], StringComparer.Ordinal);
        }
    }

    private static Property SharesOnePoint(Func<EngineUnderTest> engine, Action<bool>? judged = null) =>
        Prop.ForAll(OracleGen.GroupPoints, c =>
        {
            var expected = RuleSpec.GroupPoint(c.Members, c.AppConsistent);
            var actual = engine().GroupPoint(c.Members, c.AppConsistent);
            if (expected is null != actual is null || (expected is not null && !expected.SequenceEqual(actual!)))
                throw new InvalidOperationException($"a group of {c.Members.Length} failing over to the latest{(c.AppConsistent ? " app-consistent" : "")} point: " +
                    $"the rules say {Points(expected)}, the engine {Points(actual)}\n  members' points: " +
                    string.Join(" | ", c.Members.Select(m => string.Join(" ", m.Select(p => $"{p.Number}@{p.Minute}{(p.AppConsistent ? "a" : "")}")))));
            judged?.Invoke(expected is not null);
            return true;
        });

    private static string Points(IReadOnlyList<int>? points) => points is null ? "no common point" : "points " + string.Join(", ", points);

    /// <summary>Issue 16: members of a replication group failing over with latest get one multi-VM consistent point.</summary>
    [Fact]
    public void AReplicationGroupFailsOverToOneCommonPoint()
    {
        var outcomes = new int[2];
        PropertyRun.Holds(output, "rule oracle group common point", 1000, seed: 16, SharesOnePoint(() => new EngineUnderTest(), found => outcomes[found ? 1 : 0]++));
        output.WriteLine($"common point found: {outcomes[1]}, none: {outcomes[0]}");
        Assert.True(outcomes[0] > 0 && outcomes[1] > 0, "the budget must reach groups with and without a common point");
    }

    [Fact]
    public void TheOracleCatchesTheCommonPointChosenPerItem() =>
        Assert.Contains("the engine points", PropertyRun.FindsBug(output, "rule oracle vs common point per item", 1000, seed: 16, () => SharesOnePoint(() => new CommonPointPerItem())), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesTheAccountNotAskedAtTheFailoverBack() =>
        Assert.Contains("FailoverToOnPremises", PropertyRun.FindsBug(output, "rule oracle vs account not asked at failover", 1000, seed: 16, () => Agrees(() => new NoAccountCheckAtFailover(), OracleGen.CycleCases)), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesRP9CheckedPerItem() =>
        Assert.Contains("RP-9", PropertyRun.FindsBug(output, "rule oracle vs RP-9 per item", 1000, seed: 16, () => Agrees(() => new GroupCheckedPerItem(), groups: true)), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesPRE8RemovedFromTheFailoverBack() =>
        Assert.Contains("PRE-8", PropertyRun.FindsBug(output, "rule oracle vs PRE-8 not repeated at failover", 1000, seed: 16, () => Agrees(() => new NoStorageVMotionCheckAtFailover())), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesMT6RemovedFromTheFailoverBack() =>
        Assert.Contains("MT-6", PropertyRun.FindsBug(output, "rule oracle vs MT-6 not repeated at failover", 1000, seed: 16, () => Agrees(() => new NoMasterTargetSnapshotCheckAtFailover(), OracleGen.CycleCases)), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesRP10MatchingNfsVersion3Only() =>
        Assert.Contains("RP-10", PropertyRun.FindsBug(output, "rule oracle vs RP-10 on NFS 3 only", 1000, seed: 16, () => Agrees(() => new NfsVersion3Only())), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesLOC3MatchedOnOneExactOsName() =>
        Assert.Contains("LOC-3", PropertyRun.FindsBug(output, "rule oracle vs LOC-3 exact OS name", 1000, seed: 16, () => Agrees(() => new ExactOsName())), StringComparison.Ordinal);

    [Fact]
    public void TheOracleCatchesTS4CheckedOnTheMasterTargetHostOnly() =>
        Assert.Contains("TS-4", PropertyRun.FindsBug(output, "rule oracle vs TS-4 on one host", 1000, seed: 16, () => Agrees(() => new LicenceOnMasterTargetHostOnly(), OracleGen.CycleCases)), StringComparison.Ordinal);
}
