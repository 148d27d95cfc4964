using System.Globalization;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>One extent line of a descriptor: <c>RW 131072 VMFS "vm1-flat.vmdk"</c> (FLAT lines add an offset).</summary>
internal sealed record VmdkExtentLine(string Access, long Sectors, string Type, string FileName, long Offset)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Access} {Sectors} {Type} \"{FileName}\"") +
        (Type == "FLAT" ? string.Create(CultureInfo.InvariantCulture, $" {Offset}") : "");
}
