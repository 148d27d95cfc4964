using Failback.Engine.Ports;
using Failback.Simulators.Disks.Cbt;
using Failback.Simulators.Disks.Layers;

namespace Failback.Simulators.Disks;

/// <summary>
/// An open image (with its snapshot chain) as a block device: bounds-checked byte access to the newest link,
/// allocation across the chain, and changed-block tracking of the writes made through it.
/// </summary>
public sealed class DiskDevice : IBlockDevice, IBlockCopyTarget
{
    private readonly DiskLayer _top;
    private readonly IReadOnlyList<DiskLayer> _chain;
    private ChangeTracker _tracker;
    private readonly string _trackerPath;
    private bool _disposed;

    internal DiskDevice(string path, DiskFormat format, bool writable, Guid uuid, DiskLayer top, IReadOnlyList<DiskLayer> chain)
    {
        Path = path;
        Format = format;
        IsWritable = writable;
        Uuid = uuid;
        _top = top;
        _chain = chain;
        _trackerPath = TrackerPath(path);
        var id = uuid.ToString("D");
        _tracker = ChangeTracker.Load(_trackerPath, id, top.Capacity, ContentStamp()) ?? new ChangeTracker(id, top.Capacity);
    }

    /// <summary>Where a disk's change tracking is kept: <c>name-ctk.vmdk</c> beside a VMDK, <c>name.ctk</c> otherwise.</summary>
    public static string TrackerPath(string path) =>
        path.EndsWith(".vmdk", StringComparison.OrdinalIgnoreCase) ? path[..^".vmdk".Length] + "-ctk.vmdk" : path + ".ctk";

    /// <summary>Takes over a consolidated child's tracking, which is newer than this disk's own.</summary>
    internal void AdoptTracking(string trackerPath, ulong stamp)
    {
        if (ChangeTracker.Load(trackerPath, _tracker.DiskId, Capacity, stamp) is not { } child) return;
        _tracker = child;
        _tracker.MarkDirty();
    }

    /// <summary>A VMDK's CID changes whenever anyone writes it, so it tells whether the saved tracking still holds.</summary>
    private ulong ContentStamp() => _top is Vmdk.VmdkLayer v ? v.Cid : 0;

    public string Path { get; }
    public DiskFormat Format { get; }
    public bool IsWritable { get; }
    public Guid Uuid { get; }
    public long Capacity => _top.Capacity;

    public void Read(long offset, Span<byte> buffer)
    {
        CheckRange(offset, buffer.Length);
        _top.Read(offset, buffer);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        CheckRange(offset, data.Length);
        if (!IsWritable) throw new InvalidOperationException($"{Path} is open read-only; open it with writable: true to write.");
        if (data.IsEmpty) return;
        _top.Write(offset, data);
        _tracker.Record(offset, data.Length);
    }

    /// <summary>
    /// Between two flat images (raw, fixed VHD, flat VMDK) the kernel copies the range file to file; any
    /// other pair returns false. Tracked as a write, like the writes it replaces.
    /// </summary>
    public bool TryCopyFrom(IBlockDevice source, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        CheckRange(offset, length);
        if (!IsWritable) throw new InvalidOperationException($"{Path} is open read-only; open it with writable: true to write.");
        if (source is not DiskDevice { _disposed: false } from || from._top.AsFlat() is not { } input || _top.AsFlat() is not { } output
            || offset > from.Capacity - length || ReferenceEquals(from, this))
            return false;
        if (length == 0) return true;
        var copied = FileCopy.Copy(input.File, input.DataOffset + offset, output.File, output.DataOffset + offset, length);
        if (copied == 0) return false;
        if (copied < length)
        {
            // The source file ends early (it reads zeros there) or the kernel stopped: the rest the ordinary way.
            var buffer = new byte[(int)Math.Min(1 << 20, length - copied)];
            for (var at = offset + copied; at < offset + length;)
            {
                var n = (int)Math.Min(buffer.Length, offset + length - at);
                from.Read(at, buffer.AsSpan(0, n));
                _top.Write(at, buffer.AsSpan(0, n));
                at += n;
            }
        }
        _tracker.Record(offset, length);
        return true;
    }

    /// <summary>Flushes the data and saves the change tracking (writable devices only).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsWritable) return;
        _top.Flush();
        _tracker.SaveIfChanged(_trackerPath, ContentStamp());
    }

    public IReadOnlyList<DiskExtent> GetAllocatedExtents()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ChangeTracker.Coalesce(_chain.SelectMany(l => l.OwnExtents())
            .Select(e => e with { Length = Math.Min(e.End, Capacity) - e.Offset })
            .OrderBy(e => e.Offset));
    }

    public string TakeChangeId()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _tracker.TakeChangeId();
    }

    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return changeId == "*" ? GetAllocatedExtents() : _tracker.ChangedSince(changeId);
    }

    /// <summary>
    /// Whether reads may run concurrently: true when the whole disk is one flat run of a file (raw, fixed VHD,
    /// single-extent vmfs), whose reads are stateless positional reads. Sparse layers cache their tables.
    /// </summary>
    public bool SupportsConcurrentReads => !_disposed && _top.AsFlat() is not null;

    private void CheckRange(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || offset > Capacity - length)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"bytes [{offset}, {offset + length}) are outside the disk {Path} of {Capacity} bytes.");
    }

    public void Dispose()
    {
        if (_disposed) return;
        try
        {
            if (IsWritable) _tracker.SaveIfChanged(_trackerPath, ContentStamp());
        }
        finally
        {
            _disposed = true;
            foreach (var layer in _chain) layer.Dispose();
        }
    }
}
