using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;

namespace Failback.Simulators.Azure.Compute;

/// <summary>The marketplace images a VM can boot from, including the one a classic process server is built on (PS-4).</summary>
internal static class MarketplaceImages
{
    public const string ProcessServerV2 = "Microsoft Azure Site Recovery Process Server V2";

    private static readonly DeploymentModel[] Both = [DeploymentModel.Classic, DeploymentModel.ResourceManager];

    public static IReadOnlyList<MarketplaceImage> All { get; } =
    [
        new(new ImageReference("MicrosoftSiteRecovery", "ProcessServer", "Windows-2012-R2-Datacenter"), ProcessServerV2, Both,
            Windows("Windows Server 2012 R2 Datacenter")),
        new(new ImageReference("MicrosoftWindowsServer", "WindowsServer", "2019-Datacenter"), "Windows Server 2019 Datacenter", Both,
            Windows("Windows Server 2019 Datacenter")),
        new(new ImageReference("OpenLogic", "CentOS", "7.9"), "CentOS-based 7.9", [DeploymentModel.ResourceManager],
            new GuestState
            {
                OsName = "CentOS 7.9", IsLinux = true,
                Nics = [new GuestNic("eth0", AddressMode.Dhcp, null)],
                Packages = new HashSet<string>(["NetworkManager", "openssh-server", "WALinuxAgent"], StringComparer.Ordinal),
                VmwareToolsEnabled = false,
            }),
    ];

    public static MarketplaceImage? Find(ImageReference reference) => All.FirstOrDefault(i =>
        i.Reference.Publisher.Equals(reference.Publisher, StringComparison.OrdinalIgnoreCase)
        && i.Reference.Offer.Equals(reference.Offer, StringComparison.OrdinalIgnoreCase)
        && i.Reference.Sku.Equals(reference.Sku, StringComparison.OrdinalIgnoreCase)
        && (reference.Version.Equals("latest", StringComparison.OrdinalIgnoreCase) || reference.Version == i.Reference.Version));

    private static GuestState Windows(string os) => new()
    {
        OsName = os,
        Nics = [new GuestNic("Ethernet", AddressMode.Dhcp, null)],
        Packages = new HashSet<string>(["WindowsAzureGuestAgent"], StringComparer.Ordinal),
        VmwareToolsEnabled = false,
    };
}
