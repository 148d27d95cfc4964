using Failback.Engine.Ports.Guest;

namespace Failback.Simulators.Azure.Compute;

/// <summary>
/// What Azure does to a guest that boots from disks that came from another site: every NIC takes its
/// address from DHCP (TS-3), a Linux guest loses the NetworkManager package (TS-2), and a Windows
/// guest's VMware Tools are disabled. The changed guest is written back to the OS disk, so it travels
/// with the disk when the VM fails back.
/// </summary>
internal static class GuestFailover
{
    public const string NetworkManager = "NetworkManager";

    public static GuestState Apply(GuestState guest) => guest with
    {
        Nics = guest.Nics.Select(n => n with { Mode = AddressMode.Dhcp, StaticAddress = null }).ToList(),
        Packages = guest.IsLinux
            ? new HashSet<string>(guest.Packages.Where(p => p != NetworkManager), StringComparer.Ordinal)
            : guest.Packages,
        VmwareToolsEnabled = guest.IsLinux && guest.VmwareToolsEnabled,
    };
}
