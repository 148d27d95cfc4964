using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Failback.Simulators.Disks;

/// <summary>Deterministic disk identities: a UUID and CID derived from the file name when none is given.</summary>
internal static class Identity
{
    public static Guid UuidFor(string path)
    {
        var hash = XxHash128.Hash(Encoding.UTF8.GetBytes(Path.GetFileName(path)));
        hash[6] = (byte)(hash[6] & 0x0f | 0x40); // version 4 layout
        hash[8] = (byte)(hash[8] & 0x3f | 0x80); // RFC 4122 variant
        return new Guid(hash, bigEndian: true);
    }

    public static uint CidFor(string path)
    {
        var cid = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(Path.GetFileName(path)));
        return cid >= 0xfffffffe ? cid ^ 0x5a5a5a5a : cid;
    }

    /// <summary>VMware's ddb.uuid spelling: 16 hex bytes, spaces between, a dash after the eighth.</summary>
    public static string ToDdbUuid(Guid uuid)
    {
        var b = uuid.ToByteArray(bigEndian: true);
        var sb = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            if (i > 0) sb.Append(i == 8 ? '-' : ' ');
            sb.Append(b[i].ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static bool TryParseDdbUuid(string text, out Guid uuid)
    {
        var hex = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        uuid = Guid.Empty;
        if (hex.Length != 32) return false;
        try
        {
            uuid = new Guid(Convert.FromHexString(hex), bigEndian: true);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
