using System.Buffers;
using Failback.Engine.Ports;
using Failback.Engine.Replication;

namespace Failback.Engine.Components;

/// <summary>A protected disk with the mobility agent's filter in its write path.</summary>
internal sealed class CapturedDisk(MobilityAgent agent, string id, IBlockDevice inner) : IBlockDevice, IWriteDataTarget
{
    public string Id { get; } = id;
    public IBlockDevice Inner { get; } = inner;
    public ChangedBlockBitmap Changed { get; } = new(inner.Capacity);
    /// <summary>Blocks written in bitmap mode, not yet re-read and sent.</summary>
    public ChangedBlockBitmap Dirty { get; } = new(inner.Capacity);
    public long Capacity => Inner.Capacity;

    public void Read(long offset, Span<byte> buffer) => Inner.Read(offset, buffer);

    /// <summary>The write reaches the disk first: a write the disk refuses is never replicated.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Inner.Write(offset, data);
        agent.OnWrite(this, offset, null, data);
    }

    /// <summary>The bytes reach the disk; the agent keeps <paramref name="data"/> itself (a description stays one).</summary>
    public void Write(long offset, WriteData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        try
        {
            Inner.Write(offset, data.Bytes(buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        agent.OnWrite(this, offset, data, default);
    }

    public void Flush() => Inner.Flush();
    public IReadOnlyList<DiskExtent> GetAllocatedExtents() => Inner.GetAllocatedExtents();
    public string TakeChangeId() => Inner.TakeChangeId();
    public IReadOnlyList<DiskExtent> QueryChangedDiskAreas(string changeId) => Inner.QueryChangedDiskAreas(changeId);

    /// <summary>The agent does not own the disk; detaching it leaves the disk open for its owner.</summary>
    public void Dispose() { }
}
