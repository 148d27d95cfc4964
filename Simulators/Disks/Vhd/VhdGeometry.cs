namespace Failback.Simulators.Disks.Vhd;

/// <summary>VHD CHS geometry, computed by the algorithm of the VHD specification's appendix.</summary>
internal readonly record struct VhdGeometry(ushort Cylinders, byte Heads, byte SectorsPerTrack)
{
    public static VhdGeometry FromCapacity(long bytes)
    {
        var total = Math.Min(bytes / 512, 65535L * 16 * 255);
        long spt, heads, cth;
        if (total >= 65535L * 16 * 63)
        {
            spt = 255;
            heads = 16;
            cth = total / spt;
        }
        else
        {
            spt = 17;
            cth = total / spt;
            heads = Math.Max(4, (cth + 1023) / 1024);
            if (cth >= heads * 1024 || heads > 16)
            {
                spt = 31;
                heads = 16;
                cth = total / spt;
            }
            if (cth >= heads * 1024)
            {
                spt = 63;
                heads = 16;
                cth = total / spt;
            }
        }
        return new VhdGeometry((ushort)(cth / heads), (byte)heads, (byte)spt);
    }
}
