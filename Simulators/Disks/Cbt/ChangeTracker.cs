using System.Globalization;
using System.Text;
using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Cbt;

/// <summary>
/// Changed-block tracking with vSphere's semantics: every write marks its blocks with the current epoch;
/// <see cref="TakeChangeId"/> closes the epoch and names it (<c>disk-uuid/N</c>); a query returns the blocks
/// written in any later epoch. Block granularity over-reports a little and never misses a write.
/// </summary>
public sealed class ChangeTracker(string diskId, long capacity, int blockSize = ChangeTracker.DefaultBlockSize)
{
    public const int DefaultBlockSize = 64 * 1024;

    private Dictionary<long, long> _lastWrite = []; // block -> epoch of its last write
    private long _epoch = 1;
    /// <summary>The content stamp of the file as last loaded or saved (null: this tracker has no file of its own yet).</summary>
    private ulong? _savedStamp;
    /// <summary>Whether a block, the epoch or the tracking's origin changed since loaded or saved (a re-write of a block in its epoch does not).</summary>
    private bool _changed;

    public string DiskId { get; } = diskId;
    public int BlockSize { get; } = blockSize;

    public void Record(long offset, long length)
    {
        if (length <= 0) return;
        for (var b = offset / BlockSize; b <= (offset + length - 1) / BlockSize; b++)
        {
            if (_lastWrite.TryGetValue(b, out var epoch) && epoch == _epoch) continue;
            _lastWrite[b] = _epoch;
            _changed = true;
        }
        IsDirty = true;
    }

    /// <summary>Whether anything was recorded since the tracker was loaded or saved.</summary>
    public bool IsDirty { get; private set; }

    internal void MarkDirty() => IsDirty = _changed = true;

    /// <summary>
    /// Saves when dirty, except when the file already holds exactly what <see cref="Save"/> would write: blocks
    /// re-written in their epoch change nothing, so a disk flushed after every batch of writes to the same blocks
    /// (a replica) rewrites its side file only when a block, the epoch or the content stamp moved.
    /// </summary>
    internal void SaveIfChanged(string path, ulong contentStamp)
    {
        if (!IsDirty) return;
        if (!_changed && _savedStamp == contentStamp)
        {
            IsDirty = false;
            return;
        }
        Save(path, contentStamp);
    }

    public string TakeChangeId()
    {
        IsDirty = _changed = true;
        return string.Create(CultureInfo.InvariantCulture, $"{DiskId}/{_epoch++}");
    }

    /// <summary>The blocks written after <paramref name="changeId"/> was taken, ascending and coalesced.</summary>
    public IReadOnlyList<DiskExtent> ChangedSince(string changeId)
    {
        var slash = changeId.LastIndexOf('/');
        if (slash < 0 || changeId[..slash] != DiskId ||
            !long.TryParse(changeId.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ||
            epoch < 1 || epoch >= _epoch)
            throw new ArgumentException(
                $"change id '{changeId}' was not issued by this disk's change tracking (disk {DiskId}, latest epoch {_epoch - 1}); " +
                "query with \"*\" and copy every allocated area.", nameof(changeId));
        var blocks = _lastWrite.Where(kv => kv.Value > epoch).Select(kv => kv.Key).Order();
        return Coalesce(blocks.Select(b => new DiskExtent(b * BlockSize, Math.Min(BlockSize, capacity - b * BlockSize))));
    }

    private static ReadOnlySpan<byte> Magic => "FBCTK001"u8;

    /// <summary>
    /// Saves the tracking state beside the disk (like ESXi's -ctk.vmdk), with a stamp of the content it
    /// describes so a later open can tell whether someone wrote the disk without tracking.
    /// </summary>
    public void Save(string path, ulong contentStamp)
    {
        var blocks = _lastWrite.Keys.ToArray();
        Array.Sort(blocks);
        using (var w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(DiskId);
            w.Write(BlockSize);
            w.Write(_epoch);
            w.Write(contentStamp);
            w.Write(blocks.Length);
            foreach (var block in blocks)
            {
                w.Write(block);
                w.Write(_lastWrite[block]);
            }
        }
        IsDirty = _changed = false;
        _savedStamp = contentStamp;
    }

    /// <summary>
    /// The saved tracker, or null when there is none, it belongs to another disk, the content moved on
    /// without it, or the file is corrupt (then earlier change ids are void and callers fall back to "*", as
    /// after a CBT reset; <see cref="Validate"/> names the corruption).
    /// </summary>
    public static ChangeTracker? Load(string path, string diskId, long capacity, ulong contentStamp)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var (id, stamp, tracker) = ReadFile(path, capacity);
            return id == diskId && stamp == contentStamp ? new ChangeTracker(diskId, capacity, tracker.BlockSize)
            {
                _epoch = tracker._epoch,
                _lastWrite = tracker._lastWrite,
                _savedStamp = stamp,
            } : null;
        }
        catch (BadImageException)
        {
            return null;
        }
    }

    /// <summary>Throws a <see cref="BadImageException"/> naming the first field of the side file that is out of range.</summary>
    public static void Validate(string path, long capacity) => ReadFile(path, capacity);

    /// <summary>Every field checked before use: block size, epochs, block numbers inside the disk, no trailing bytes.</summary>
    private static (string Id, ulong Stamp, ChangeTracker Tracker) ReadFile(string path, long capacity)
    {
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var length = stream.Length;
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new BadImageException(path, "the change-tracking file's magic", "not FBCTK001", "this is not a DiskSim change-tracking file");
            var id = r.ReadString();
            var blockSize = r.ReadInt32();
            BadImageException.Require(blockSize is >= 512 and <= 64 * 1024 * 1024 && (blockSize & (blockSize - 1)) == 0,
                path, "the change-tracking block size", blockSize, "it must be a power of two from 512 bytes to 64 MiB");
            var epoch = r.ReadInt64();
            BadImageException.Require(epoch >= 1, path, "the change-tracking epoch", epoch, "epochs count up from 1");
            var stamp = r.ReadUInt64();
            var count = r.ReadInt32();
            var blocks = (capacity + blockSize - 1) / blockSize;
            BadImageException.Require(count >= 0 && count <= blocks && count * 16L == length - stream.Position, path,
                "the change-tracking entry count", count, $"the disk has {blocks} blocks and the file holds {(length - stream.Position) / 16} entries");
            var tracker = new ChangeTracker(id, capacity, blockSize) { _epoch = epoch };
            for (var i = 0; i < count; i++)
            {
                var block = r.ReadInt64();
                var written = r.ReadInt64();
                BadImageException.Require(block >= 0 && block < blocks, path, $"change-tracking entry {i}'s block", block, $"the disk has {blocks} blocks");
                BadImageException.Require(written >= 1 && written <= epoch, path, $"change-tracking entry {i}'s epoch", written, $"epochs run from 1 to {epoch}");
                tracker._lastWrite[block] = written;
            }
            return (id, stamp, tracker);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException and not FileNotFoundException)
        {
            throw new BadImageException(path, "the change-tracking file", $"{stream.Length} bytes", $"it ends early or is garbled ({e.Message})");
        }
    }

    internal static List<DiskExtent> Coalesce(IEnumerable<DiskExtent> sorted)
    {
        var result = new List<DiskExtent>();
        foreach (var e in sorted)
        {
            if (e.Length <= 0) continue;
            if (result.Count > 0 && result[^1].End >= e.Offset)
            {
                var last = result[^1];
                result[^1] = new DiskExtent(last.Offset, Math.Max(last.End, e.End) - last.Offset);
            }
            else result.Add(e);
        }
        return result;
    }
}
