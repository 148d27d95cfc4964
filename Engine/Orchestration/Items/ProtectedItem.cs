using Failback.Engine.Orchestration.Errors;
using Failback.Engine.Components;
using Failback.Engine.Orchestration.Operations;
using Failback.Engine.Orchestration.Prerequisites;
using Failback.Engine.Replication;

namespace Failback.Engine.Orchestration.Items;

/// <summary>
/// A protected item as ASR shows it (ReplicationProtectedItemProperties): its state, active location,
/// protection direction and the inputs of its operations. Immutable: every transition makes a new
/// snapshot, so a refused operation can be shown to have changed nothing.
/// </summary>
public sealed record ProtectedItem
{
    /// <summary>The exact OS name LOC-3 rules out for a physical server.</summary>
    public const string WindowsServer2008R2Sp1 = "Windows Server 2008 R2 SP1";

    /// <summary>The machine's id, e.g. the on-premises VM's (vm-12) or the physical server's.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    public MachineKind Kind { get; init; } = MachineKind.VmwareVm;
    public string OsName { get; init; } = "";
    /// <summary>The multi-VM consistency group (ASR's multiVmGroupName), if any.</summary>
    public string? ReplicationGroup { get; init; }

    public ProtectionState State { get; init; } = ProtectionState.Unprotected;
    public Site ActiveLocation { get; init; } = Site.OnPremises;
    /// <summary>The way data flows, or null while nothing replicates.</summary>
    public ReplicationDirection? Direction { get; init; }

    public ReplicationPolicy Policy { get; init; } = ReplicationPolicy.DefaultForward;
    public string? ProcessServer { get; init; }
    /// <summary>The values of the last reprotect to on-premises, reused by a plan-level reprotect (RP-8).</summary>
    public ReprotectToOnPremisesInput? LastReprotectToOnPremises { get; init; }
    public ReprotectToAzureInput? LastReprotectToAzure { get; init; }
    /// <summary>The point of the last failover (ASR's failoverRecoveryPointId).</summary>
    public RecoveryPoint? FailoverRecoveryPoint { get; init; }
    /// <summary>ASR's testFailoverState: whether a test VM exists and waits for its cleanup.</summary>
    public TestFailoverState TestFailoverState { get; init; } = TestFailoverState.None;
    /// <summary>The point of the pending (or last) test failover.</summary>
    public RecoveryPoint? TestFailoverRecoveryPoint { get; init; }
    /// <summary>The error of the last failed job, cleared when the next operation starts.</summary>
    public AsrError? LastError { get; init; }

    /// <summary>LOC-3: a Windows Server 2008 R2 SP1 machine protected as a physical server cannot fail back, however its OS name is spelled.</summary>
    public bool FailbackSupported => !(Kind == MachineKind.PhysicalServer && OsNames.IsWindowsServer2008R2(OsName));
}
