namespace Failback.Simulators.Disks.Layers;

/// <summary>One opened link of a chain, with what Inspect reports about it.</summary>
internal sealed record ChainLink(string Path, DiskFormat Format, DiskLayer Layer, Guid Uuid, uint? Cid, uint? ParentCid, IReadOnlyList<string> Files);
