namespace Failback.Simulators.Azure.Connectivity;

/// <summary>
/// An on-premises site as Azure's network sees it: its address prefixes, the public address of its
/// VPN device (what a local network gateway names), the one-way latency to the Azure region, its LAN,
/// and whether it breaks out to the internet (reaching public endpoints without ExpressRoute).
/// </summary>
public sealed record OnPremisesSite(string Name, IReadOnlyList<string> AddressPrefixes, string VpnDeviceIp)
{
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(15);
    /// <summary>Internet breakout bandwidth; null when the site has none.</summary>
    public int? InternetMbps { get; init; }
    public int LanMbps { get; init; } = 10_000;
    public TimeSpan LanLatency { get; init; } = TimeSpan.FromMilliseconds(0.2);
}
