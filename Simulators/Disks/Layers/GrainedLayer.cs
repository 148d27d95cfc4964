using System.Buffers;
using Failback.Engine.Ports;
using Microsoft.Win32.SafeHandles;

namespace Failback.Simulators.Disks.Layers;

/// <summary>
/// A layer that stores the disk in fixed-size grains placed anywhere in its file through a lookup table
/// (VMDK grain tables, COWD, the VHD BAT). Reads and writes coalesce runs of grains that are contiguous in
/// the file; a write that covers part of a new grain first copies the rest of that grain from the parent.
/// </summary>
internal abstract class GrainedLayer(SafeFileHandle file) : DiskLayer
{
    /// <summary>The grain is not stored here: it reads from the parent.</summary>
    protected const long Unallocated = -1;

    /// <summary>The grain is stored as zeros without data (VMDK zeroed-grain entry).</summary>
    protected const long ZeroGrain = -2;

    public SafeFileHandle File { get; } = file;

    protected abstract long GrainSize { get; }

    /// <summary>The file offset of the grain's data, <see cref="Unallocated"/> or <see cref="ZeroGrain"/>.</summary>
    protected abstract long Lookup(long grain);

    /// <summary>
    /// Reserves file space for up to <paramref name="count"/> grains laid out back to back, starting at
    /// <paramref name="grain"/>; returns the file offset and how many grains fit in that run.
    /// </summary>
    protected abstract long Reserve(long grain, long count, out long reserved);

    /// <summary>Records that grains [grain, grain+count) now live at <paramref name="fileOffset"/> onward.</summary>
    protected abstract void Map(long grain, long count, long fileOffset);

    /// <summary>
    /// Whether space that <see cref="Reserve"/> returns already reads as zeros (a hole the layer has written
    /// past), so a partly written new grain over nothing needs only its written bytes stored.
    /// </summary>
    protected virtual bool ReservedSpaceReadsZeros => false;

    public override void Read(long offset, Span<byte> buffer)
    {
        var g = GrainSize;
        while (!buffer.IsEmpty)
        {
            var grain = offset / g;
            var location = Lookup(grain);
            var length = Math.Min(g - offset % g, buffer.Length);
            // Extend over following grains of the same kind (contiguous data, or not stored here).
            for (var next = grain + 1; length < buffer.Length; next++)
            {
                var l = Lookup(next);
                var same = location >= 0 ? l == location + (next - grain) * g : l == location;
                if (!same) break;
                length = Math.Min(length + g, buffer.Length);
            }
            var part = buffer[..(int)length];
            if (location >= 0) ReadFile(location + offset % g, part);
            else if (location == ZeroGrain) part.Clear();
            else ReadParent(offset, part);
            buffer = buffer[(int)length..];
            offset += length;
        }
    }

    public override void Write(long offset, ReadOnlySpan<byte> data)
    {
        var g = GrainSize;
        while (!data.IsEmpty)
        {
            var grain = offset / g;
            var within = offset % g;
            var location = Lookup(grain);
            long length;
            if (location >= 0)
            {
                length = Math.Min(g - within, data.Length);
                for (var next = grain + 1; length < data.Length && Lookup(next) == location + (next - grain) * g; next++)
                    length = Math.Min(length + g, data.Length);
                RandomAccess.Write(File, data[..(int)length], location + within);
            }
            else if (within == 0 && data.Length >= g)
            {
                // Whole new grains: no copy from the parent, one write for the run.
                var whole = data.Length / g;
                var run = 1L;
                while (run < whole && Lookup(grain + run) < 0) run++;
                var at = Reserve(grain, run, out var reserved);
                length = reserved * g;
                RandomAccess.Write(File, data[..(int)length], at);
                Map(grain, reserved, at);
            }
            else if (location == Unallocated && Parent is null && ReservedSpaceReadsZeros)
            {
                // Part of a new grain over nothing: the rest of the grain is already zeros in the file.
                length = Math.Min(g - within, data.Length);
                var at = Reserve(grain, 1, out _);
                RandomAccess.Write(File, data[..(int)length], at + within);
                Map(grain, 1, at);
            }
            else
            {
                length = Math.Min(g - within, data.Length);
                var buffer = ArrayPool<byte>.Shared.Rent((int)g);
                try
                {
                    var whole = buffer.AsSpan(0, (int)g);
                    if (location == ZeroGrain) whole.Clear();
                    else ReadParent(grain * g, whole);
                    data[..(int)length].CopyTo(whole[(int)within..]);
                    var at = Reserve(grain, 1, out _);
                    RandomAccess.Write(File, whole, at);
                    Map(grain, 1, at);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            data = data[(int)length..];
            offset += length;
        }
    }

    /// <summary>The grains that hold data in this file, ascending (zeroed grains excluded).</summary>
    protected abstract IEnumerable<long> StoredGrains();

    public override IEnumerable<DiskExtent> OwnExtents()
    {
        var g = GrainSize;
        long start = -1, end = -1;
        foreach (var grain in StoredGrains())
        {
            var s = grain * g;
            if (s != end)
            {
                if (end > start) yield return new DiskExtent(start, end - start);
                start = s;
            }
            end = Math.Min(s + g, Capacity);
        }
        if (end > start) yield return new DiskExtent(start, end - start);
    }

    public override void Flush() => RandomAccess.FlushToDisk(File);

    protected void ReadFile(long fileOffset, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(File, buffer[done..], fileOffset + done);
            if (n == 0)
            {
                buffer[done..].Clear();
                return;
            }
            done += n;
        }
    }

    public override void Dispose() => File.Dispose();
}
