namespace Failback.Engine.Components;

/// <summary>One disk of a protected item; <see cref="Target"/> names its replica (page blob or VMDK).</summary>
public sealed record ItemDiskRecord(string ItemId, string DiskId, long CapacityBytes, string? Target);
