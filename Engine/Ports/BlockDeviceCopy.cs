using System.Buffers;

namespace Failback.Engine.Ports;

/// <summary>Whole-disk copies between block devices, for restores and seeds.</summary>
internal static class BlockDeviceCopy
{
    /// <summary>
    /// Copies every allocated area of <paramref name="source"/> to the same place on <paramref name="target"/>
    /// (a disk of at least its capacity whose other areas already read as zeros): inside the storage where the
    /// target can (<see cref="IBlockCopyTarget"/>), else through a pooled 4 MiB buffer.
    /// </summary>
    public static void CopyAllocated(IBlockDevice source, IBlockDevice target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        byte[]? buffer = null;
        try
        {
            foreach (var extent in source.GetAllocatedExtents())
            {
                if (target is IBlockCopyTarget copier && copier.TryCopyFrom(source, extent.Offset, extent.Length)) continue;
                buffer ??= ArrayPool<byte>.Shared.Rent(4 << 20);
                for (var at = extent.Offset; at < extent.End;)
                {
                    var chunk = (int)Math.Min(4 << 20, extent.End - at);
                    source.Read(at, buffer.AsSpan(0, chunk));
                    target.Write(at, buffer.AsSpan(0, chunk));
                    at += chunk;
                }
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
