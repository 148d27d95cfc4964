namespace Failback.Engine.Ports.Guest;

/// <summary>How a guest NIC gets its address.</summary>
public enum AddressMode { Static, Dhcp }

/// <summary>One guest network interface as the guest OS configures it.</summary>
public sealed record GuestNic(string Name, AddressMode Mode, string? StaticAddress);

/// <summary>
/// What lives inside the guest and travels with its disks between the sites: the OS, how its NICs
/// get addresses, installed packages and VMware Tools. Azure changes it on failover (TS-2, TS-3).
/// </summary>
public sealed record GuestState
{
    public required string OsName { get; init; }
    public bool IsLinux { get; init; }
    public string HostName { get; init; } = "";
    public IReadOnlyList<GuestNic> Nics { get; init; } = [];
    public IReadOnlySet<string> Packages { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    public bool VmwareToolsEnabled { get; init; } = true;
}
