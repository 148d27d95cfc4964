namespace Failback.Engine.Ports;

/// <summary>A byte range of a disk.</summary>
public readonly record struct DiskExtent(long Offset, long Length)
{
    public long End => Offset + Length;
}
