using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Engine.Tests.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Components;

/// <summary>
/// A write given as a description travels as it is: the agent buffers the description (no copy of the bytes), it
/// costs its length in the buffer and on the wire like bytes would, and its bytes are made where they must be real:
/// the guest's disk, and the target disk it is applied to, with the journal's undo able to restore every point.
/// </summary>
public sealed class DescribedWriteTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Bytes made from a seed, counting how many bytes were made.</summary>
    private sealed class Seeded(ulong seed, int length) : WriteData
    {
        public long Made { get; private set; }
        public override int Length => length;

        public override void Fill(int start, Span<byte> destination)
        {
            Made += destination.Length;
            for (var i = 0; i < destination.Length; i++) destination[i] = (byte)((seed * 31) + (ulong)(start + i) * 7 >> 3);
        }
    }

    [Theory]
    [InlineData(1, 4096, 64)]
    [InlineData(2, 700, 9)]
    [InlineData(3, 65536, 40)]
    public void ADescribedWriteIsBufferedAsItsDescriptionAndAppliedAsBytes(ulong seed, int size, int count)
    {
        var agent = new MobilityAgent("vm-1", "10.0.0.10", new VirtualClock());
        var source = new MemoryDisk(4 << 20);
        var guest = (IWriteDataTarget)agent.Attach("disk-1", source);
        var random = new ChoiceStream("offsets", seed);
        var written = new List<Seeded>();
        for (var i = 0; i < count; i++)
        {
            var data = new Seeded(seed + (ulong)i, size + random.Next(size));
            guest.Write(random.Next((int)(source.Capacity - data.Length)), data);
            written.Add(data);
            if (i == count / 2) agent.Tag(ConsistencyType.CrashConsistent);
        }
        var records = agent.Take(long.MaxValue);
        var writes = records.OfType<WriteRecord>().ToList();
        Assert.Equal(written, writes.Select(w => w.Data)); // the same objects: the agent made no copy
        Assert.Equal(written.Sum(w => (long)w.Length), written.Sum(w => w.Made)); // made once, for the guest's disk
        Assert.Equal(written.Sum(w => WriteRecord.HeaderBytes + (long)w.Length), writes.Sum(w => w.Bytes));

        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"), segmentBytes: 64 * 1024);
        var target = new ReplicationTarget("mt", journal);
        var replica = new MemoryDisk(source.Capacity);
        target.AddDisk("disk-1", replica, holdsData: false);
        target.Apply(new TagRecord(0, T0, ConsistencyType.CrashConsistent));
        var atStart = replica.ToArray();
        foreach (var record in records) target.Apply(record);
        Assert.Equal(source.ToArray(), replica.ToArray());
        var restored = new MemoryDisk(source.Capacity);
        journal.Restore("disk-1", journal.Points[0], replica, restored);
        Assert.Equal(atStart, restored.ToArray());
    }

    /// <summary>
    /// Described writes overwritten by described, literal and unaligned writes, points at uneven gaps and a roll-back
    /// in place midway: the undo of bytes a description put there is journaled as that description (header-only
    /// records, nothing read back from the disk), and every point restores byte for byte.
    /// </summary>
    [Theory]
    [InlineData(5, 23)]
    [InlineData(6, 61)]
    public void TheUndoOfADescribedWriteIsItsDescriptionAndEveryPointStillRestores(ulong seed, int gap)
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"), segmentBytes: 64 * 1024);
        var disk = new MemoryDisk(256 * 1024);
        var target = new ReplicationTarget("mt", journal);
        target.AddDisk("disk-1", disk, holdsData: false);
        var random = new ChoiceStream("described", seed);
        var snapshots = new List<(RecoveryPoint Point, byte[] Content)>();
        long rolledBackTo = 0, undone = 0;
        for (var seq = 0; seq <= 600; seq++)
        {
            if (seq % gap == 0 || random.Chance(0.02))
                snapshots.Add((target.Apply(new TagRecord(seq, T0.AddSeconds(seq), ConsistencyType.CrashConsistent))!, disk.ToArray()));
            if (seq == 300)
            {
                var back = snapshots[^3];
                target.RollBack("disk-1", back.Point);
                rolledBackTo = back.Point.Sequence;
                Assert.Equal(back.Content, disk.ToArray());
            }
            var kind = random.Next(10);
            var length = kind switch { < 7 => 4096 * random.Next(1, 9), 7 => 4096 * random.Next(1, 3), _ => random.Next(1, 9000) };
            WriteData data = kind == 7 ? Bytes(random, length) : new Seeded(seed * 1000 + (ulong)seq, length);
            var offset = kind < 8 ? 4096L * random.Next((int)(disk.Capacity / 4096) - 8) : random.Next((int)disk.Capacity - length);
            var before = disk.Reads;
            target.Apply(new WriteRecord(seq + 1, T0.AddSeconds(seq + 0.5), "disk-1", offset, data));
            undone += disk.Reads - before;
        }
        var restores = 0;
        foreach (var (point, content) in snapshots.Where(s => s.Point.Sequence <= rolledBackTo || s.Point.Sequence > 300))
        {
            var restored = new MemoryDisk(disk.Capacity);
            journal.Restore("disk-1", point, disk, restored);
            Assert.Equal(content, restored.ToArray());
            restores++;
        }
        Assert.True(restores > 10);
        // Most undo came from descriptions: the disk was read back for a fraction of the writes only.
        Assert.True(undone < 300, $"the target read its disk back {undone} times for 600 writes");

        // Reopened from its files, the journal still restores a point that needs literal records only (an unaligned
        // write's undo), and refuses one that needs a description with a message.
        var last = target.Apply(new TagRecord(601, T0.AddSeconds(601), ConsistencyType.CrashConsistent))!;
        var atLast = disk.ToArray();
        target.Apply(new WriteRecord(602, T0.AddSeconds(602), "disk-1", 100, Bytes(random, 5000)));
        journal.Dispose();
        using var reopened = RetentionJournal.Open(dir.File("j"));
        var same = new MemoryDisk(disk.Capacity);
        reopened.Restore("disk-1", last, disk, same);
        Assert.Equal(atLast, same.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => reopened.Restore("disk-1", snapshots[1].Point, disk, new MemoryDisk(disk.Capacity)));
        Assert.Contains("only the process that wrote it", error.Message);
    }

    private static byte[] Bytes(ChoiceStream random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
