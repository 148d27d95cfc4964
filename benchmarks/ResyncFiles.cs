using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;

namespace Failback.Benchmarks;

/// <summary>
/// Delta resync between two image files, as the engine does it minus the simulated wire: the target
/// side hashes its disk while the source side hashes its own (two machines, so two threads here),
/// then only the differing blocks are copied.
/// </summary>
public static class ResyncFiles
{
    public sealed record Result(long BlocksCompared, long BlocksSent, long BytesSent);

    /// <param name="areas">The areas either side changed since a common point (from changed-block tracking); null hashes every block.</param>
    public static Result Resync(IBlockDevice source, IBlockDevice target, IReadOnlyList<DiskExtent>? areas = null, int blockSize = ChangedBlockBitmap.DefaultBlockSize)
    {
        areas ??= [new DiskExtent(0, source.Capacity)];
        var targetSide = Task.Run(() => BlockHashes.Compute(target, areas, blockSize));
        var mine = BlockHashes.Compute(source, areas, blockSize);
        var theirs = targetSide.GetAwaiter().GetResult();
        var differing = mine.Differences(theirs);
        var buffer = new byte[4 << 20];
        long bytes = 0;
        foreach (var extent in differing)
        {
            for (var at = extent.Offset; at < extent.End;)
            {
                var n = (int)Math.Min(buffer.Length, extent.End - at);
                source.Read(at, buffer.AsSpan(0, n));
                target.Write(at, buffer.AsSpan(0, n));
                at += n;
                bytes += n;
            }
        }
        target.Flush();
        return new Result(mine.Count, (bytes + blockSize - 1) / blockSize, bytes);
    }

    /// <summary>Two raw images of random data that differ in <paramref name="changedFraction"/> of their 64 KiB blocks.</summary>
    public static void MakePair(string sourcePath, string targetPath, long capacity, double changedFraction, int seed)
    {
        var random = new Random(seed);
        using (var target = DiskImage.Create(targetPath, DiskFormat.Raw, capacity))
        {
            var chunk = new byte[8 << 20];
            for (long at = 0; at < capacity; at += chunk.Length)
            {
                random.NextBytes(chunk);
                target.Write(at, chunk.AsSpan(0, (int)Math.Min(chunk.Length, capacity - at)));
            }
        }
        File.Copy(targetPath, sourcePath, overwrite: true);
        using var source = DiskImage.Open(sourcePath);
        Change(source, changedFraction, random);
    }

    /// <summary>Writes 512 random bytes into <paramref name="changedFraction"/> of the 64 KiB blocks of <paramref name="disk"/>.</summary>
    public static void Change(IBlockDevice source, double changedFraction, Random random)
    {
        var capacity = source.Capacity;
        var blocks = capacity / ChangedBlockBitmap.DefaultBlockSize;
        var change = new byte[512];
        foreach (var block in Enumerable.Range(0, (int)blocks).OrderBy(_ => random.Next()).Take((int)(blocks * changedFraction)))
        {
            random.NextBytes(change);
            source.Write((long)block * ChangedBlockBitmap.DefaultBlockSize + 512L * random.Next(ChangedBlockBitmap.DefaultBlockSize / 512), change);
        }
    }
}
