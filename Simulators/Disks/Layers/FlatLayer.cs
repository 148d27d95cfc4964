using Failback.Engine.Ports;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Layers;

/// <summary>
/// Disk bytes stored one-to-one in a file at <c>dataOffset</c>: a raw image, a VMDK flat extent, the data
/// of a fixed VHD. A file shorter than the disk reads zeros past its end, as qemu does.
/// </summary>
internal sealed class FlatLayer(SafeFileHandle file, long dataOffset, long capacity) : DiskLayer
{
    public SafeFileHandle File { get; } = file;

    public override long Capacity => capacity;

    public long DataOffset => dataOffset;

    public override FlatLayer? AsFlat() => this;

    public override void Read(long offset, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(File, buffer[done..], dataOffset + offset + done);
            if (n == 0)
            {
                buffer[done..].Clear();
                return;
            }
            done += n;
        }
    }

    public override void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(File, data, dataOffset + offset);

    public override void Flush() => RandomAccess.FlushToDisk(File);

    public override IEnumerable<DiskExtent> OwnExtents() =>
        SparseFile.DataRanges(File, dataOffset, dataOffset + capacity).Select(e => e with { Offset = e.Offset - dataOffset });

    public override void Dispose() => File.Dispose();
}
