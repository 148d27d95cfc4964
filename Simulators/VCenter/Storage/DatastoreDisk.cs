using Failback.Engine.Ports;
using Failback.Simulators.VCenter.Inventory;

namespace Failback.Simulators.VCenter.Storage;

/// <summary>
/// A disk file opened through a datastore: the file counts as locked while open, writes that would
/// allocate beyond the datastore's free space fail as a full VMFS volume does, and closing measures
/// the disk's allocation again.
/// </summary>
internal sealed class DatastoreDisk : IBlockDevice
{
    // Worst case a write allocates: its length plus a partial block at each end.
    private const long Slack = 2 * 65536;
    private readonly IBlockDevice _inner;
    private readonly VSphereSite _site;
    private readonly string _localPath;
    private readonly Datastore _datastore;
    private readonly VirtualDisk? _disk;
    private long _pending;
    private bool _disposed;

    public DatastoreDisk(VSphereSite site, Datastore datastore, string localPath, VirtualDisk? disk, bool writable)
    {
        _inner = DiskFiles.Open(localPath, writable, datastore.Directory);
        _site = site;
        _datastore = datastore;
        _localPath = localPath;
        _disk = disk;
        site.OpenDisks[localPath] = site.OpenDisks.GetValueOrDefault(localPath) + 1;
    }

    public long Capacity => _inner.Capacity;

    public void Read(long offset, Span<byte> buffer) => _inner.Read(offset, buffer);

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (_disk is { Thin: true } || _disk is null || _disk.Chain.Count > 1)
        {
            var bound = data.Length + Slack;
            if (_pending + bound > _datastore.FreeSpace)
            {
                Measure();
                if (bound > _datastore.FreeSpace)
                    throw new IOException($"No space left on datastore '{_datastore.Name}': {_datastore.FreeSpace} bytes free, a write of {data.Length} bytes may need {bound}.");
            }
            _pending += bound;
        }
        _inner.Write(offset, data);
    }

    public void Flush() => _inner.Flush();

    public IReadOnlyList<DiskExtent> GetAllocatedExtents() => _inner.GetAllocatedExtents();

    public string TakeChangeId() => _inner.TakeChangeId();

    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => _inner.QueryChangedDiskAreas(changeId);

    private void Measure()
    {
        _inner.Flush();
        if (_disk is not null) Space.Refresh(_disk);
        _pending = 0;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Measure();
        _inner.Dispose();
        if (--_site.OpenDisks[_localPath] == 0) _site.OpenDisks.Remove(_localPath);
    }
}
