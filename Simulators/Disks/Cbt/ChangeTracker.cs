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

    private readonly Dictionary<long, long> _lastWrite = []; // block -> epoch of its last write
    private long _epoch = 1;

    public string DiskId { get; } = diskId;
    public int BlockSize { get; } = blockSize;

    public void Record(long offset, long length)
    {
        if (length <= 0) return;
        for (var b = offset / BlockSize; b <= (offset + length - 1) / BlockSize; b++) _lastWrite[b] = _epoch;
        IsDirty = true;
    }

    /// <summary>Whether anything changed since the tracker was loaded or saved.</summary>
    public bool IsDirty { get; private set; }

    internal void MarkDirty() => IsDirty = true;

    public string TakeChangeId()
    {
        IsDirty = true;
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
        using var w = new BinaryWriter(File.Create(path), Encoding.UTF8);
        w.Write(Magic);
        w.Write(DiskId);
        w.Write(BlockSize);
        w.Write(_epoch);
        w.Write(contentStamp);
        w.Write(_lastWrite.Count);
        foreach (var (block, epoch) in _lastWrite.OrderBy(kv => kv.Key))
        {
            w.Write(block);
            w.Write(epoch);
        }
        IsDirty = false;
    }

    /// <summary>
    /// The saved tracker, or null when there is none, it belongs to another disk, or the content moved on
    /// without it (then earlier change ids are void and callers fall back to "*", as after a CBT reset).
    /// </summary>
    public static ChangeTracker? Load(string path, string diskId, long capacity, ulong contentStamp)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) return null;
            var id = r.ReadString();
            var blockSize = r.ReadInt32();
            var epoch = r.ReadInt64();
            var stamp = r.ReadUInt64();
            if (id != diskId || stamp != contentStamp || blockSize <= 0) return null;
            var tracker = new ChangeTracker(diskId, capacity, blockSize) { _epoch = epoch };
            var count = r.ReadInt32();
            for (var i = 0; i < count; i++) tracker._lastWrite[r.ReadInt64()] = r.ReadInt64();
            return tracker;
        }
        catch (EndOfStreamException)
        {
            return null;
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
