using System.Net;
using System.Net.Sockets;

namespace Failback.Simulators.Azure.Core;

/// <summary>An IPv4 CIDR prefix such as 10.1.0.0/24.</summary>
internal readonly record struct Ipv4Prefix(uint Network, int Length)
{
    public uint Mask => Length == 0 ? 0 : uint.MaxValue << (32 - Length);
    public uint First => Network;
    public uint Last => Network | ~Mask;
    public bool Contains(uint address) => (address & Mask) == Network;
    public bool Contains(Ipv4Prefix other) => other.Length >= Length && Contains(other.Network);
    public bool Overlaps(Ipv4Prefix other) => Contains(other.Network) || other.Contains(Network);

    public static bool TryParse(string? text, out Ipv4Prefix prefix)
    {
        prefix = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash < 0 || !TryParseAddress(text![..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], out var length) || length is < 8 or > 29) return false;
        prefix = new Ipv4Prefix(address, length);
        return (address & prefix.Mask) == address;
    }

    public static bool TryParseAddress(string? text, out uint address)
    {
        address = 0;
        if (text is null || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3) return false;
        var b = ip.GetAddressBytes();
        address = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return true;
    }

    public static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";

    public override string ToString() => $"{Format(Network)}/{Length}";
}
