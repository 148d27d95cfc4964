namespace Failback.Simulators.Disks;

/// <summary>
/// Identity and layout choices for a new image. Left empty, the UUID and CID are derived from the file
/// name so the same call always writes the same bytes.
/// </summary>
public sealed record DiskCreateOptions
{
    /// <summary>The disk's UUID (VMDK <c>ddb.uuid</c>, VHD unique id); <see cref="Guid.Empty"/> derives one.</summary>
    public Guid Uuid { get; init; }

    /// <summary>The VMDK content id; null derives one.</summary>
    public uint? Cid { get; init; }

    /// <summary>VMDK <c>ddb.adapterType</c>: ide, buslogic, lsilogic or legacyESX.</summary>
    public string AdapterType { get; init; } = "lsilogic";

    /// <summary>Thin disks are sparse files that cost only what was written; thick ones are preallocated.</summary>
    public bool Thin { get; init; } = true;

    /// <summary>The creation time written into VHD footers (a virtual-clock time, never the wall clock).</summary>
    public DateTimeOffset CreatedAt { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
