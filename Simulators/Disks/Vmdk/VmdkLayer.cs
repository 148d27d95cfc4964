using System.IO.Hashing;
using Failback.Engine.Ports;
using Failback.Simulators.Disks.Layers;

namespace Failback.Simulators.Disks.Vmdk;

/// <summary>
/// A VMDK link: a descriptor (its own file, or embedded in a KDMV extent) and its extents laid end to end.
/// The first write after open gives the link a new CID, as VMware and qemu do, so a child made earlier no
/// longer matches it.
/// </summary>
internal sealed class VmdkLayer : DiskLayer
{
    private readonly (long Start, long Size, DiskLayer Extent)[] _extents;
    private readonly Action<string> _saveDescriptor;
    private bool _cidUpdated;

    public VmdkDescriptor Descriptor { get; private set; }
    public string DescriptorPath { get; }
    public DiskFormat Format { get; }
    public IReadOnlyList<string> Files { get; }

    /// <summary><paramref name="sizes"/> are the descriptor's extent sizes: an extent may hold more, never less.</summary>
    public VmdkLayer(string descriptorPath, VmdkDescriptor descriptor, DiskFormat format, IReadOnlyList<DiskLayer> extents,
        IReadOnlyList<long> sizes, IReadOnlyList<string> files, Action<string> saveDescriptor)
    {
        DescriptorPath = descriptorPath;
        Descriptor = descriptor;
        Format = format;
        Files = files;
        _saveDescriptor = saveDescriptor;
        var start = 0L;
        _extents = new (long, long, DiskLayer)[extents.Count];
        for (var i = 0; i < extents.Count; i++)
        {
            _extents[i] = (start, sizes[i], extents[i]);
            start += sizes[i];
        }
        Capacity = start;
    }

    public override long Capacity { get; }

    public uint Cid => Descriptor.Cid;

    /// <summary>Hands the parent link to every extent, each at its own place in the disk.</summary>
    public void SetParent(DiskLayer? parent)
    {
        Parent = parent;
        foreach (var (start, _, extent) in _extents)
        {
            extent.Parent = parent;
            extent.ParentBase = start;
        }
    }

    public override void Read(long offset, Span<byte> buffer)
    {
        var i = 0;
        while (!buffer.IsEmpty)
        {
            while (_extents[i].Start + _extents[i].Size <= offset) i++;
            var (s, size, extent) = _extents[i];
            var n = (int)Math.Min(buffer.Length, s + size - offset);
            extent.Read(offset - s, buffer[..n]);
            buffer = buffer[n..];
            offset += n;
        }
    }

    public override void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (!_cidUpdated)
        {
            _cidUpdated = true;
            var text = Descriptor.WithCid(NextCid(Descriptor.Cid));
            _saveDescriptor(text);
            Descriptor = VmdkDescriptor.Parse(text, DescriptorPath);
        }
        var i = 0;
        while (!data.IsEmpty)
        {
            while (_extents[i].Start + _extents[i].Size <= offset) i++;
            var (s, size, extent) = _extents[i];
            var n = (int)Math.Min(data.Length, s + size - offset);
            extent.Write(offset - s, data[..n]);
            data = data[n..];
            offset += n;
        }
    }

    /// <summary>A new content id derived from the old one (deterministic, never the "no parent" value).</summary>
    internal static uint NextCid(uint cid)
    {
        var next = XxHash32.HashToUInt32(BitConverter.GetBytes(cid), seed: 0x564D444B);
        return next is VmdkDescriptor.NoParent or 0xfffffffe ? next ^ 0x5a5a5a5a : next;
    }

    public override FlatLayer? AsFlat() => _extents.Length == 1 && Parent is null ? _extents[0].Extent.AsFlat() : null;

    public override void Flush()
    {
        foreach (var (_, _, e) in _extents) e.Flush();
    }

    public override IEnumerable<DiskExtent> OwnExtents() =>
        _extents.SelectMany(x => x.Extent.OwnExtents().Where(e => e.Offset < x.Size)
            .Select(e => new DiskExtent(e.Offset + x.Start, Math.Min(e.End, x.Size) - e.Offset)));

    public override void Dispose()
    {
        foreach (var (_, _, e) in _extents) e.Dispose();
    }
}
