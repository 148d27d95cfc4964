using Failback.Engine.Orchestration;
using Failback.Engine.Orchestration.Items;
using Failback.Engine.Orchestration.Jobs;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Plans;
using Failback.Engine.Orchestration.Services;
using Failback.Simulators.Kernel;

namespace Failback.TestKit.Fakes;

/// <summary>An orchestrator wired to the fakes on a simulation's virtual clock, with the inputs the tests use.</summary>
public sealed class Harness
{
    public static readonly ReprotectToOnPremisesInput Back = new("mt-1", "ps-azure-1", "datastore1", "R:");
    public static readonly ReprotectToAzureInput Forward = new("ps-onprem-1");
    public static readonly EnableProtectionInput Enable = new("ps-onprem-1");

    /// <param name="orchestrator">Builds the orchestrator from the fakes; a test passes a planted faulty variant here.</param>
    public Harness(Simulation sim, Func<IReplicationService, ISiteDiscovery, ISiteMachines, IJobStore, TimeProvider, Orchestrator>? orchestrator = null)
    {
        Time = sim.Clock;
        Replication = new FakeReplicationService(Time);
        Machines = new FakeSiteMachines(Time);
        Discovery = new FakeSiteDiscovery(Time);
        Orchestrator = (orchestrator ?? ((r, d, m, j, t) => new Orchestrator(r, d, m, j, t)))(Replication, Discovery, Machines, Jobs, Time);
        Plans = new RecoveryPlanRunner(Orchestrator);
    }

    public TimeProvider Time { get; }
    public FakeReplicationService Replication { get; }
    public FakeSiteMachines Machines { get; }
    public FakeSiteDiscovery Discovery { get; }
    public InMemoryJobStore Jobs { get; } = new();
    public Orchestrator Orchestrator { get; }
    public RecoveryPlanRunner Plans { get; }

    public ProtectedItem Add(string id, ProtectionState state = ProtectionState.Unprotected, string? group = null,
        MachineKind kind = MachineKind.VmwareVm, string os = "Windows Server 2016") =>
        Orchestrator.Register(new ProtectedItem
        {
            Id = id, Name = $"{id}-name", State = state, ReplicationGroup = group, Kind = kind, OsName = os,
            ActiveLocation = LocationOf(state),
        });

    /// <summary>Where the machine runs in a state (the disabling states are taken as on-premises).</summary>
    public static Site LocationOf(ProtectionState state) =>
        state is >= ProtectionState.FailedOverToAzure and <= ProtectionState.FailbackFailed or ProtectionState.ProtectionDisabledInAzure
            ? Site.Azure
            : Site.OnPremises;

    /// <summary>Adds recovery points for <paramref name="id"/>: crash-consistent every 5 minutes for an hour, app-consistent at 20 and 50 minutes.</summary>
    public void SeedPoints(string id)
    {
        var start = Time.GetUtcNow();
        for (var m = 5; m <= 60; m += 5)
        {
            Replication.AddPoint(id, start.AddMinutes(m), appConsistent: false);
            if (m is 20 or 50) Replication.AddPoint(id, start.AddMinutes(m), appConsistent: true);
        }
    }
}
