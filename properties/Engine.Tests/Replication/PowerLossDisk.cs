using Failback.Engine.Ports;

namespace Failback.Engine.Tests.Replication;

/// <summary>
/// A disk with a volatile write cache, as FoundationDB's simulated disks have: a write lands in this process's
/// memory and reaches the image file only at <see cref="Flush"/> (fsync). Killing the process (SIGKILL) then loses
/// exactly the writes not yet synced, which is what a power loss does to a real disk's cache; a kill alone
/// cannot show that, because the OS keeps every write() that returned. <paramref name="honourFlush"/> false is the
/// planted fault of a flush that persists nothing;
/// <paramref name="beforeIo"/> runs before each write and flush (the crash test's kill points).
/// </summary>
public sealed class PowerLossDisk(IBlockDevice inner, bool honourFlush = true, Action? beforeIo = null) : IBlockDevice
{
    private const int Page = 4096;
    private readonly SortedDictionary<long, byte[]> _unsynced = [];

    public long Capacity => inner.Capacity;

    /// <summary>Pages written and not yet flushed.</summary>
    public int UnsyncedPages => _unsynced.Count;

    public void Read(long offset, Span<byte> buffer)
    {
        inner.Read(offset, buffer);
        for (var page = offset / Page * Page; page < offset + buffer.Length; page += Page)
            if (_unsynced.TryGetValue(page, out var data))
            {
                var start = Math.Max(page, offset);
                var end = Math.Min(page + data.Length, offset + buffer.Length);
                if (end > start) data.AsSpan((int)(start - page), (int)(end - start)).CopyTo(buffer[(int)(start - offset)..]);
            }
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        beforeIo?.Invoke();
        for (var page = offset / Page * Page; page < offset + data.Length; page += Page)
        {
            if (!_unsynced.TryGetValue(page, out var cached))
            {
                cached = new byte[Math.Min(Page, Capacity - page)];
                inner.Read(page, cached);
                _unsynced[page] = cached;
            }
            var start = Math.Max(page, offset);
            var end = Math.Min(page + cached.Length, offset + data.Length);
            data.Slice((int)(start - offset), (int)(end - start)).CopyTo(cached.AsSpan((int)(start - page)));
        }
    }

    public void Flush()
    {
        beforeIo?.Invoke();
        if (!honourFlush) return;
        foreach (var (page, data) in _unsynced) inner.Write(page, data);
        _unsynced.Clear();
        inner.Flush();
    }

    // Allocation and change tracking are the image's: only what reached it counts.
    public IReadOnlyList<DiskExtent> GetAllocatedExtents() => inner.GetAllocatedExtents();
    public string TakeChangeId() => inner.TakeChangeId();
    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => inner.QueryChangedDiskAreas(changeId);

    /// <summary>Dropped, not written: a disposed cache is a lost one (the process is going away).</summary>
    public void Dispose() => inner.Dispose();
}
