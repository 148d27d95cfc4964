namespace Failback.Engine.Ports.Physical;

/// <summary>A disk of a physical server: its index, size and the device the OS names it by.</summary>
public sealed record PhysicalDiskInfo(int Index, string DeviceName, long CapacityBytes);
