namespace Failback.Engine.Ports;

/// <summary>
/// A disk that can copy a range of another disk inside the storage (like copy_file_range between image
/// files), without the bytes passing through the engine. Optional: callers fall back to Read and Write.
/// </summary>
public interface IBlockCopyTarget
{
    /// <summary>
    /// Copies bytes [offset, offset + length) of <paramref name="source"/> to the same place on this disk.
    /// Returns false, having changed nothing, when this pair of disks cannot copy that way.
    /// </summary>
    bool TryCopyFrom(IBlockDevice source, long offset, long length);
}
