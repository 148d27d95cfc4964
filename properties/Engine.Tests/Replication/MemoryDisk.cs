using Failback.Engine.Ports;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// An in-memory IBlockDevice for fast tests: sparse 64 KiB chunks (allocation), and changed-block
/// tracking by epochs with QueryChangedDiskAreas semantics.
/// </summary>
public sealed class MemoryDisk(long capacity) : IBlockDevice
{
    private const int Chunk = 64 * 1024;
    private readonly Dictionary<long, byte[]> _chunks = [];
    private readonly List<(string Id, HashSet<long> Changed)> _epochs = [("epoch-0", [])];

    public long Capacity { get; } = capacity;
    public int Writes { get; private set; }
    public int Reads { get; private set; }

    public void Read(long offset, Span<byte> buffer)
    {
        Check(offset, buffer.Length);
        Reads++;
        while (buffer.Length > 0)
        {
            var index = offset / Chunk;
            var within = (int)(offset % Chunk);
            var n = Math.Min(buffer.Length, Chunk - within);
            if (_chunks.TryGetValue(index, out var chunk)) chunk.AsSpan(within, n).CopyTo(buffer);
            else buffer[..n].Clear();
            buffer = buffer[n..];
            offset += n;
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Check(offset, data.Length);
        Writes++;
        while (data.Length > 0)
        {
            var index = offset / Chunk;
            var within = (int)(offset % Chunk);
            var n = Math.Min(data.Length, Chunk - within);
            if (!_chunks.TryGetValue(index, out var chunk)) _chunks[index] = chunk = new byte[Chunk];
            data[..n].CopyTo(chunk.AsSpan(within));
            _epochs[^1].Changed.Add(index);
            data = data[n..];
            offset += n;
        }
    }

    public void Flush() { }

    public IReadOnlyList<DiskExtent> GetAllocatedExtents() => Coalesce(_chunks.Keys);

    public string TakeChangeId()
    {
        var id = _epochs[^1].Id;
        _epochs.Add(($"epoch-{_epochs.Count}", []));
        return id;
    }

    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId)
    {
        if (changeId == "*") return GetAllocatedExtents();
        var at = _epochs.FindIndex(e => e.Id == changeId);
        if (at < 0) throw new ArgumentException($"Unknown change id '{changeId}'.", nameof(changeId));
        return Coalesce(_epochs.Skip(at + 1).SelectMany(e => e.Changed));
    }

    public byte[] ToArray()
    {
        var all = new byte[Capacity];
        Read(0, all);
        return all;
    }

    public void Dispose() { }

    private IReadOnlyList<DiskExtent> Coalesce(IEnumerable<long> chunks)
    {
        var extents = new List<DiskExtent>();
        foreach (var index in chunks.Distinct().Order())
        {
            var offset = index * Chunk;
            var length = Math.Min(Chunk, Capacity - offset);
            if (extents.Count > 0 && extents[^1].End == offset) extents[^1] = extents[^1] with { Length = extents[^1].Length + length };
            else extents.Add(new DiskExtent(offset, length));
        }
        return extents;
    }

    private void Check(long offset, int length)
    {
        if (offset < 0 || offset + length > Capacity)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset + length}) is outside the {Capacity}-byte disk.");
    }
}
