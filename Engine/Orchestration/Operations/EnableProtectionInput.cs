using Failback.Engine.Components;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>
/// Enable protection of an on-premises machine to Azure through a process server; <paramref name="RunAsAccountId"/> is ASR's
/// runAsAccountId (the account for the machine's vCenter; null: the one it is discovered with).
/// </summary>
public sealed record EnableProtectionInput(string ProcessServer, ReplicationPolicy? Policy = null, string? RunAsAccountId = null);
