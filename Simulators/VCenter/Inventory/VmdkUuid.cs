namespace Failback.Simulators.VCenter.Inventory;

/// <summary>The VMDK <c>ddb.uuid</c> spelling: 16 hex bytes in pairs, a dash after the eighth.</summary>
public static class VmdkUuid
{
    public static string Format(Guid uuid)
    {
        var b = uuid.ToByteArray(bigEndian: true);
        var hex = b.Select(x => x.ToString("x2")).ToArray();
        return string.Join(' ', hex[..8]) + "-" + string.Join(' ', hex[8..]);
    }
}
