using Failback.Engine.Components;

namespace Failback.Engine.Orchestration.Operations;

/// <summary>Enable protection of an on-premises machine to Azure through a process server.</summary>
public sealed record EnableProtectionInput(string ProcessServer, ReplicationPolicy? Policy = null);
