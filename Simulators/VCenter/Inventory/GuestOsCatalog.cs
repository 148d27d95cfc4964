namespace Failback.Simulators.VCenter.Inventory;

/// <summary>vSphere guest ids and the names the guest reports, for the operating systems the site runs.</summary>
public static class GuestOsCatalog
{
    public sealed record GuestOs(string GuestId, string FullName, bool IsLinux, string[] Packages);

    public static readonly IReadOnlyList<GuestOs> All =
    [
        new("windows7Server64Guest", "Microsoft Windows Server 2008 R2 SP1 (64-bit)", false, []),
        new("windows8Server64Guest", "Microsoft Windows Server 2012 R2 (64-bit)", false, []),
        new("windows9Server64Guest", "Microsoft Windows Server 2016 (64-bit)", false, []),
        new("windows2019srv_64Guest", "Microsoft Windows Server 2019 (64-bit)", false, []),
        new("centos6_64Guest", "CentOS 6.6 (64-bit)", true, ["NetworkManager", "openssh-server", "perl", "rsync", "wget"]),
        new("centos7_64Guest", "CentOS 7 (64-bit)", true, ["NetworkManager", "openssh-server", "xfsprogs"]),
        new("rhel7_64Guest", "Red Hat Enterprise Linux 7 (64-bit)", true, ["NetworkManager", "openssh-server", "xfsprogs"]),
        new("ubuntu64Guest", "Ubuntu Linux 18.04 (64-bit)", true, ["network-manager", "openssh-server"]),
        new("sles12_64Guest", "SUSE Linux Enterprise 12 (64-bit)", true, ["NetworkManager", "openssh"]),
    ];

    public static GuestOs Find(string guestId) =>
        All.FirstOrDefault(g => g.GuestId == guestId)
        ?? throw new Engine.Ports.VSphere.VSphereFault(Engine.Ports.VSphere.VSphereFaultType.InvalidArgument,
            $"Guest id '{guestId}' is not one the site knows; use one of {string.Join(", ", All.Select(g => g.GuestId))}.");
}
