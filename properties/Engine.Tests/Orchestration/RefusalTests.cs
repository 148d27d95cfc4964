using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Vocabulary;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.TestKit.Fakes;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Orchestration;

/// <summary>Every operation outside allowedOperations, in every state, is refused clearly and changes nothing.</summary>
public sealed class RefusalTests
{
    public static TheoryData<ProtectionState> States() => [.. Enum.GetValues<ProtectionState>()];

    [Theory]
    [MemberData(nameof(States))]
    public void CYC1_EveryOperationOutsideAllowedOperationsIsRefusedAndChangesNothing(ProtectionState state)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var item = h.Add("vm-1", state);
            h.SeedPoints("vm-1");
            var allowed = h.Orchestrator.PermittedOperations("vm-1");
            Assert.Equal(new ItemModel(state, item.ActiveLocation, null, true).Allowed, allowed);

            foreach (var operation in Enum.GetValues<AsrOperation>().Except(allowed))
            {
                var refused = await Assert.ThrowsAsync<AsrException>(() => Start(h, operation, item.ActiveLocation));

                Assert.Equal("FB1001", refused.Error.Code);
                Assert.Equal("CYC-1", refused.Error.Rule);
                Assert.Contains($"{operation} is not allowed for 'vm-1-name'", refused.Error.Message, StringComparison.Ordinal);
                Assert.Contains($"in protection state {ProtectionStateNames.Of(state).State};", refused.Error.Message, StringComparison.Ordinal);
                var listed = allowed.Where(op => op != AsrOperation.EnableProtection).ToList();
                Assert.Contains($"allowed operations: {(listed.Count == 0 ? "none" : string.Join(", ", listed))}", refused.Error.Message, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(refused.Error.RecommendedAction));
                Assert.Equal(item, h.Orchestrator.Item("vm-1"));
            }
            Assert.Empty(h.Jobs.All());
            Assert.Empty(h.Replication.Changes);
            Assert.Empty(h.Machines.Changes);
            Assert.Equal(0, h.Discovery.Calls);
            Assert.Equal(TimeSpan.Zero, sim.Clock.Elapsed);
        });
    }

    [Theory]
    [InlineData(ProtectionState.FailoverCommittedInAzure)]
    [InlineData(ProtectionState.ReprotectToOnPremisesFailed)]
    public void LOC3_APhysicalWindows2008R2Sp1ServerIsNotOfferedFailback(ProtectionState state)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var item = h.Add("srv-1", state, kind: MachineKind.PhysicalServer, os: ProtectedItem.WindowsServer2008R2Sp1);
            h.Add("vm-2", state, kind: MachineKind.VmwareVm, os: ProtectedItem.WindowsServer2008R2Sp1);

            Assert.Equal([AsrOperation.DisableProtection], h.Orchestrator.AllowedOperations("srv-1"));
            var refused = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.ReprotectAsync("srv-1", Harness.Back));
            Assert.Equal("LOC-3", refused.Error.Rule);
            Assert.Contains("physical server", refused.Error.Message, StringComparison.Ordinal);
            Assert.Equal(item, h.Orchestrator.Item("srv-1"));

            // The same OS that started as an on-premises VM can fail back.
            Assert.Contains(AsrOperation.ReverseReplicate, h.Orchestrator.AllowedOperations("vm-2"));
            Assert.Equal(JobState.Succeeded, (await h.Orchestrator.ReprotectAsync("vm-2", Harness.Back)).State);
        });
    }

    [Fact]
    public void RP1_ReprotectOffersOnlyTheDirectionOfWhereTheMachineRuns()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var inAzure = h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);
            var onPremises = h.Add("vm-2", ProtectionState.FailbackCommitted);

            var wrongWay = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.ReprotectAsync("vm-1", Harness.Forward));
            Assert.Equal("RP-1", wrongWay.Error.Rule);
            Assert.Contains("from Azure to on-premises", wrongWay.Error.Message, StringComparison.Ordinal);
            var wrongBack = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.ReprotectAsync("vm-2", Harness.Back));
            Assert.Equal("RP-1", wrongBack.Error.Rule);

            Assert.Equal((inAzure, onPremises), (h.Orchestrator.Item("vm-1"), h.Orchestrator.Item("vm-2")));
            Assert.Empty(h.Jobs.All());
        });
    }

    [Theory]
    [InlineData("", "ps-azure-1", "datastore1", "R:", "RP-2")]
    [InlineData("mt-1", " ", "datastore1", "R:", "RP-2")]
    [InlineData("mt-1", "ps-azure-1", "", "R:", "RP-3")]
    [InlineData("mt-1", "ps-azure-1", "datastore1", "", "RP-4")]
    public void RP2_RP3_RP4_ReprotectNamesMasterTargetProcessServerDatastoreAndRetentionVolume(
        string masterTarget, string processServer, string datastore, string retention, string code)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            var item = h.Add("vm-1", ProtectionState.FailoverCommittedInAzure);

            var refused = await Assert.ThrowsAsync<AsrException>(() =>
                h.Orchestrator.ReprotectAsync("vm-1", new ReprotectToOnPremisesInput(masterTarget, processServer, datastore, retention)));

            Assert.Equal(code, refused.Error.Rule);
            Assert.Equal(item, h.Orchestrator.Item("vm-1"));
            Assert.Empty(h.Jobs.All());
        });
    }

    [Theory]
    [InlineData(RecoveryPointType.Custom, null)]
    [InlineData(RecoveryPointType.LatestTime, "crash-0015")]
    public void FO2_ARecoveryPointIdGoesWithCustomOnly(RecoveryPointType type, string? id)
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        sim.Run(async () =>
        {
            var h = new Harness(sim);
            h.Add("vm-1", ProtectionState.Protected);
            var refused = await Assert.ThrowsAsync<AsrException>(() => h.Orchestrator.UnplannedFailoverAsync("vm-1", new(type, id)));
            Assert.Equal("FO-2", refused.Error.Rule);
            Assert.Empty(h.Jobs.All());
        });
    }

    [Fact]
    public void UnknownItemsAreNamedWithTheRegisteredOnes()
    {
        using var sim = new Simulation(new SimulationOptions { Seed = 1 });
        var h = new Harness(sim);
        h.Add("vm-1");
        var e = Assert.Throws<ArgumentException>(() => h.Orchestrator.Item("vm-9"));
        Assert.Contains("No protected item 'vm-9'; registered: vm-1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => h.Add("vm-1"));
    }

    private static Task<Job> Start(Harness h, AsrOperation operation, Site location) => operation switch
    {
        AsrOperation.EnableProtection => h.Orchestrator.EnableProtectionAsync("vm-1", Harness.Enable),
        AsrOperation.ReverseReplicate => h.Orchestrator.ReprotectAsync("vm-1", location == Site.Azure ? Harness.Back : Harness.Forward),
        AsrOperation.UnplannedFailover => h.Orchestrator.UnplannedFailoverAsync("vm-1", UnplannedFailoverInput.Latest),
        AsrOperation.Commit => h.Orchestrator.CommitAsync("vm-1"),
        AsrOperation.DisableProtection => h.Orchestrator.DisableProtectionAsync("vm-1"),
        AsrOperation.TestFailover => h.Orchestrator.TestFailoverAsync("vm-1", new TestFailoverInput()),
        AsrOperation.TestFailoverCleanup => h.Orchestrator.TestFailoverCleanupAsync("vm-1", new TestFailoverCleanupInput()),
        AsrOperation.ChangePit => h.Orchestrator.ChangeRecoveryPointAsync("vm-1", new ApplyRecoveryPointInput(RecoveryPointType.LatestTime)),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
