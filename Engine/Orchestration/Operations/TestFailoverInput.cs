namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// ASR's testFailover input (TestFailoverInputProperties): the network the test VM joins (networkId, an Azure virtual
/// network's id; null lets the vault use its isolated test network, a copy of the recovery network's address space with
/// no gateway) and the recovery point (as for a failover: latest, latest app-consistent, or a listed point's id).
/// </summary>
public sealed record TestFailoverInput(string? NetworkId = null, RecoveryPointType RecoveryPointType = RecoveryPointType.LatestTime, string? RecoveryPointId = null)
{
    /// <summary>ASR's networkType: VmNetworkAsInput when a network is named.</summary>
    public string NetworkType => NetworkId is null ? "Isolated" : "VmNetworkAsInput";
}

/// <summary>ASR's testFailoverCleanup input (TestFailoverCleanupInputProperties): the drill's notes (comments).</summary>
public sealed record TestFailoverCleanupInput(string? Comments = null);
