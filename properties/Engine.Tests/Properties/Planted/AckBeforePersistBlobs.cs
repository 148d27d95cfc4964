using Failback.Engine.Ports;
using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Tests.Properties.Planted;

/// <summary>
/// Planted bug (test-only): the process server's write path to the Azure replicas acknowledges a write
/// before persisting it. Writes are kept in the process server's memory (reads see them) and reach the page
/// blob only when the device closes, whatever Flush says; a crash of the process server drops what was acknowledged but not yet persisted.
/// </summary>
public sealed class AckBeforePersistBlobs(IBlobStorage inner) : IBlobStorage
{
    private readonly List<VolatileDevice> _open = [];

    /// <summary>The process server crashed: every acknowledged write not yet persisted is gone.</summary>
    public int Crash()
    {
        var dropped = _open.Sum(d => d.Pending);
        foreach (var device in _open) device.Drop();
        return dropped;
    }

    public IBlockDevice OpenPageBlob(string blobUri, bool writable)
    {
        var device = inner.OpenPageBlob(blobUri, writable);
        if (!writable) return device;
        var volatileDevice = new VolatileDevice(device, _open);
        _open.Add(volatileDevice);
        return volatileDevice;
    }

    public Task CreateContainerAsync(ResourceId storageAccountId, string container, CancellationToken cancellationToken = default) =>
        inner.CreateContainerAsync(storageAccountId, container, cancellationToken);
    public Task<PageBlob> CreatePageBlobAsync(string blobUri, long length, CancellationToken cancellationToken = default) =>
        inner.CreatePageBlobAsync(blobUri, length, cancellationToken);
    public Task<PageBlob> GetBlobPropertiesAsync(string blobUri, CancellationToken cancellationToken = default) => inner.GetBlobPropertiesAsync(blobUri, cancellationToken);
    public Task<IReadOnlyList<PageBlob>> ListBlobsAsync(ResourceId storageAccountId, string container, CancellationToken cancellationToken = default) =>
        inner.ListBlobsAsync(storageAccountId, container, cancellationToken);
    public Task SetGuestAsync(string blobUri, GuestState guest, CancellationToken cancellationToken = default) => inner.SetGuestAsync(blobUri, guest, cancellationToken);
    public Task DeleteBlobAsync(string blobUri, CancellationToken cancellationToken = default) => inner.DeleteBlobAsync(blobUri, cancellationToken);

    private sealed class VolatileDevice(IBlockDevice inner, List<VolatileDevice> open) : IBlockDevice
    {
        private readonly List<(long Offset, byte[] Data)> _acknowledged = [];

        public int Pending => _acknowledged.Count;
        public long Capacity => inner.Capacity;

        public void Read(long offset, Span<byte> buffer)
        {
            inner.Read(offset, buffer);
            foreach (var (at, data) in _acknowledged)
            {
                var from = Math.Max(offset, at);
                var to = Math.Min(offset + buffer.Length, at + data.Length);
                if (from < to) data.AsSpan((int)(from - at), (int)(to - from)).CopyTo(buffer[(int)(from - offset)..]);
            }
        }

        public void Write(long offset, ReadOnlySpan<byte> data) => _acknowledged.Add((offset, data.ToArray()));

        // Flush acknowledges too and persists nothing (the engine flushes before it acknowledges a batch, so a
        // flush that persisted would hide the bug); what was written reaches the blob when the device closes.
        public void Flush() { }

        private void Persist()
        {
            foreach (var (at, data) in _acknowledged) inner.Write(at, data);
            _acknowledged.Clear();
            inner.Flush();
        }

        public void Drop() => _acknowledged.Clear();

        public IReadOnlyList<DiskExtent> GetAllocatedExtents() => _acknowledged.Count == 0 ? inner.GetAllocatedExtents() : [new DiskExtent(0, Capacity)];
        public string TakeChangeId() => inner.TakeChangeId();
        public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => inner.QueryChangedDiskAreas(changeId);

        public void Dispose()
        {
            Persist();
            open.Remove(this);
            inner.Dispose();
        }
    }
}
