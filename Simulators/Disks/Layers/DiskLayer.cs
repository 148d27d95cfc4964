using Failback.Engine.Ports;

namespace Failback.Simulators.Disks.Layers;

/// <summary>
/// One link of a disk: its own bytes, and a parent that answers for whatever this link has not stored
/// (a snapshot falling through to its base). Bounds are checked by <see cref="DiskDevice"/>.
/// </summary>
internal abstract class DiskLayer : IDisposable
{
    public abstract long Capacity { get; }

    /// <summary>The layer that answers reads this one has no data for; null reads zeros.</summary>
    public DiskLayer? Parent { get; set; }

    /// <summary>Where this layer's offset 0 sits in the parent (extents of a multi-extent VMDK).</summary>
    public long ParentBase { get; set; }

    public abstract void Read(long offset, Span<byte> buffer);

    public abstract void Write(long offset, ReadOnlySpan<byte> data);

    public abstract void Flush();

    /// <summary>Areas stored in this layer only (not its parents), ascending, possibly adjacent.</summary>
    public abstract IEnumerable<DiskExtent> OwnExtents();

    /// <summary>The flat file holding this whole disk one-to-one, if that is how it is stored.</summary>
    public virtual FlatLayer? AsFlat() => null;

    /// <summary>Reads from the parent; past the parent's end, and without a parent, the disk reads zeros.</summary>
    protected void ReadParent(long offset, Span<byte> buffer)
    {
        if (Parent is null)
        {
            buffer.Clear();
            return;
        }
        var at = ParentBase + offset;
        var available = (int)Math.Clamp(Parent.Capacity - at, 0, buffer.Length);
        if (available > 0) Parent.Read(at, buffer[..available]);
        buffer[available..].Clear();
    }

    /// <summary>Closes this layer's own files; the device that opened the chain disposes each layer.</summary>
    public abstract void Dispose();
}
