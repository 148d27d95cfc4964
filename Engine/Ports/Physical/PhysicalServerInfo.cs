using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Physical;

/// <summary>A physical server of the on-premises site, as discovery (with its credentials) finds it.</summary>
public sealed record PhysicalServerInfo(string Name, string IpAddress, GuestState Guest, IReadOnlyList<PhysicalDiskInfo> Disks);
