namespace Failback.Engine.Components;

/// <summary>A protected item as the configuration server's database holds it.</summary>
public sealed record ProtectedItemRecord(string Id, string Name, string SourceMachineId, string MachineKind, string ProtectionState, string ActiveLocation, string PolicyId);
