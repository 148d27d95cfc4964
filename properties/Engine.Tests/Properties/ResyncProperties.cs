using FsCheck;
using FsCheck.Fluent;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Engine.Tests.Replication;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Engine.Tests.Properties;

/// <summary>
/// Delta resync (LOC-1) against a byte-array model: after sending the blocks whose hashes differ,
/// the target equals the source, and every block sent really differed.
/// </summary>
public sealed class ResyncProperties(ITestOutputHelper output)
{
    private const int BlockSize = 4096;

    /// <summary>A disk of whole blocks plus a partial tail, the same data on both sides, then writes to either side.</summary>
    public sealed record Case(long Capacity, byte[] Common, (bool OnTarget, int Offset, byte[] Data)[] Writes)
    {
        public override string ToString() =>
            $"capacity {Capacity} ({Capacity / BlockSize} blocks + {Capacity % BlockSize} bytes); writes: " +
            string.Join(", ", Writes.Select(w => $"{(w.OnTarget ? "target" : "source")}@{w.Offset}+{w.Data.Length}"));
    }

    private static readonly Gen<Case> Cases =
        from blocks in Gen.Choose(1, 12)
        from tailSectors in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 7)))
        let capacity = (long)blocks * BlockSize + tailSectors * 512
        from fill in Gen.Choose(0, 255)
        from writes in Gen.ArrayOf(
            from onTarget in Gen.Elements(true, false)
            // Writes near the end are frequent: the tail is where block arithmetic goes wrong.
            from offset in Gen.Frequency((2, Gen.Choose(0, (int)capacity - 1)), (1, Gen.Choose(Math.Max(0, (int)capacity - 600), (int)capacity - 1)))
            from length in Gen.Choose(1, 3 * BlockSize)
            from value in Gen.Choose(1, 255)
            select (onTarget, offset, Enumerable.Repeat((byte)value, (int)Math.Min(length, capacity - offset)).ToArray()))
        select new Case(capacity, Enumerable.Repeat((byte)fill, (int)capacity).ToArray(), writes);

    /// <summary>What the engine sends: the differing blocks of the two hash lists.</summary>
    public static IReadOnlyList<DiskExtent> EngineResync(IBlockDevice source, IBlockDevice target) =>
        BlockHashes.Compute(source, BlockSize).Differences(BlockHashes.Compute(target, BlockSize));

    /// <summary>Planted bug: a resync that rounds the disk down to whole blocks, so it never sends the partial last block.</summary>
    public static IReadOnlyList<DiskExtent> SkipsLastPartialBlock(IBlockDevice source, IBlockDevice target)
    {
        var whole = source.Capacity / BlockSize * BlockSize;
        return [.. EngineResync(source, target)
            .Select(e => e with { Length = Math.Min(e.End, whole) - e.Offset })
            .Where(e => e.Length > 0)];
    }

    public static Property ResyncMakesTargetEqualSourceSendingOnlyDifferingBlocks(Func<IBlockDevice, IBlockDevice, IReadOnlyList<DiskExtent>> resync) =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var source = new MemoryDisk(c.Capacity);
            var target = new MemoryDisk(c.Capacity);
            source.Write(0, c.Common);
            target.Write(0, c.Common);
            foreach (var (onTarget, offset, data) in c.Writes) (onTarget ? target : source).Write(offset, data);
            var before = target.ToArray();
            var model = source.ToArray();

            var sent = resync(source, target);
            foreach (var extent in sent)
            {
                var bytes = new byte[extent.Length];
                source.Read(extent.Offset, bytes);
                target.Write(extent.Offset, bytes);
            }

            var equal = target.ToArray().AsSpan().SequenceEqual(model);
            var onlyDiffering = sent.SelectMany(e => Blocks(e)).All(b => !Block(before, b, c.Capacity).SequenceEqual(Block(model, b, c.Capacity)));
            return equal.Label("target equals source after the resync")
                .And(onlyDiffering.Label("every block sent differed"));
        });

    private static IEnumerable<long> Blocks(DiskExtent e)
    {
        for (var b = e.Offset / BlockSize; b * BlockSize < e.End; b++) yield return b;
    }

    private static ReadOnlySpan<byte> Block(byte[] disk, long block, long capacity) =>
        disk.AsSpan((int)(block * BlockSize), (int)Math.Min(BlockSize, capacity - block * BlockSize));

    [Fact]
    public void LOC1_DeltaResync_TargetEqualsSource_AndOnlyDifferingBlocksAreSent() =>
        PropertyRun.Holds(output, "resync", 200, seed: 1, ResyncMakesTargetEqualSourceSendingOnlyDifferingBlocks(EngineResync));

    [Fact]
    public void TheCheckerFindsAResyncThatSkipsTheLastPartialBlock()
    {
        var message = PropertyRun.FindsBug(output, "resync vs a resync skipping the last partial block", 300, seed: 1, () => ResyncMakesTargetEqualSourceSendingOnlyDifferingBlocks(SkipsLastPartialBlock));
        Assert.Contains("target equals source", message, StringComparison.Ordinal);
    }
}
