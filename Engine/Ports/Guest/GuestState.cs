namespace Failback.Engine.Ports.Guest;

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
