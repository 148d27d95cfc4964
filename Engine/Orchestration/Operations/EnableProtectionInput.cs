using Failback.Engine.Components;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// Enable protection of an on-premises machine to Azure through a process server; <paramref name="RunAsAccountId"/> is ASR's
/// runAsAccountId (the account for the machine's vCenter; null: the one it is discovered with); <paramref name="TargetAzureNetworkId"/>
/// is ASR's targetAzureNetworkId, the Resource Manager network the VM joins when it fails over (null: the vault's recovery network).
/// </summary>
public sealed record EnableProtectionInput(string ProcessServer, ReplicationPolicy? Policy = null, string? RunAsAccountId = null, string? TargetAzureNetworkId = null);
