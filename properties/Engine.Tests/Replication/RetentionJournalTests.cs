using Failback.Engine.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Replication;

public class RetentionJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes through a target that journals, returning the disk's content at each point.</summary>
    private static List<(RecoveryPoint Point, byte[] Content)> Workload(ReplicationTarget target, MemoryDisk disk, int writes, int pointEvery, ChoiceStream random)
    {
        var snapshots = new List<(RecoveryPoint, byte[])>();
        target.Apply(new TagRecord(0, T0, ConsistencyType.CrashConsistent));
        snapshots.Add((target.Journal.Points[0], disk.ToArray()));
        for (var seq = 1; seq <= writes; seq++)
        {
            var data = new byte[512 * random.Next(1, 64)];
            random.NextBytes(data);
            target.Apply(new WriteRecord(seq, T0.AddSeconds(seq), "disk-1", 512L * random.Next((int)(disk.Capacity - data.Length) / 512), data));
            if (seq % pointEvery == 0)
            {
                var point = target.Apply(new TagRecord(seq, T0.AddSeconds(seq), seq % (pointEvery * 3) == 0 ? ConsistencyType.AppConsistent : ConsistencyType.CrashConsistent));
                snapshots.Add((point!, disk.ToArray()));
            }
        }
        return snapshots;
    }

    [Fact]
    public void EveryPointRestoresToTheDiskAsItWasThen()
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"), segmentBytes: 64 * 1024);
        var disk = new MemoryDisk(2 << 20);
        var target = new ReplicationTarget("mt", journal);
        target.AddDisk("disk-1", disk, holdsData: false);
        var snapshots = Workload(target, disk, 400, 25, new ChoiceStream("w", 1));

        Assert.True(journal.SegmentCount > 1);
        foreach (var (point, content) in snapshots)
        {
            var restored = new MemoryDisk(disk.Capacity);
            journal.Restore("disk-1", point, disk, restored);
            Assert.Equal(content, restored.ToArray());
        }
    }

    /// <summary>
    /// A small disk overwritten many times between points (page-aligned and unaligned writes, points at uneven
    /// gaps, one roll-back in place midway): only a write's first touch of a block since the last point is journaled,
    /// so the journal holds far less than was written, and every point still restores byte for byte.
    /// </summary>
    [Theory]
    [InlineData(3, 40)]
    [InlineData(4, 97)]
    public void OverwritesBetweenPointsAreJournaledOnceAndEveryPointStillRestores(int seed, int gap)
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"), segmentBytes: 256 * 1024);
        var disk = new MemoryDisk(64 * 1024);
        var target = new ReplicationTarget("mt", journal);
        target.AddDisk("disk-1", disk, holdsData: false);
        var random = new ChoiceStream("w", (ulong)seed);
        var snapshots = new List<(RecoveryPoint Point, byte[] Content)>();
        long written = 0;
        long rolledBackTo = 0;
        for (var seq = 0; seq <= 600; seq++)
        {
            if (seq % gap == 0 || random.Chance(0.01))
                snapshots.Add((target.Apply(new TagRecord(seq, T0.AddSeconds(seq), ConsistencyType.CrashConsistent))!, disk.ToArray()));
            if (seq == 300)
            {
                // A roll-back in place to an earlier point: the writes after it continue from that content.
                var back = snapshots[^3];
                journal.Restore("disk-1", back.Point, disk, disk);
                rolledBackTo = back.Point.Sequence;
                Assert.Equal(back.Content, disk.ToArray());
            }
            var aligned = random.Next(4) > 0;
            var data = new byte[aligned ? 4096 * random.Next(1, 5) : random.Next(1, 9000)];
            random.NextBytes(data);
            var offset = aligned ? 4096L * random.Next((int)(disk.Capacity / 4096) - 4) : random.Next((int)disk.Capacity - data.Length);
            target.Apply(new WriteRecord(seq + 1, T0.AddSeconds(seq + 0.5), "disk-1", offset, data));
            written += data.Length;
        }
        Assert.True(journal.SizeBytes < written / 2, $"the journal holds {journal.SizeBytes} bytes of {written} written");
        // The points between the one rolled back to and the roll-back belong to a past no disk holds any more.
        foreach (var (point, content) in snapshots.Where(s => s.Point.Sequence <= rolledBackTo || s.Point.Sequence > 300))
        {
            var restored = new MemoryDisk(disk.Capacity);
            journal.Restore("disk-1", point, disk, restored);
            Assert.Equal(content, restored.ToArray());
        }
    }

    /// <summary>Image files that copy file to file (a fixed VHD into new raw images) restore exactly as byte-by-byte copies do.</summary>
    [Fact]
    public void EveryPointRestoresFromAFixedVhdIntoNewRawImages()
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"));
        var disk = new MemoryDisk(2 << 20);
        var target = new ReplicationTarget("mt", journal);
        target.AddDisk("disk-1", disk, holdsData: false);
        var snapshots = Workload(target, disk, 200, 40, new ChoiceStream("w", 2));
        using var current = Failback.Simulators.Disks.DiskImage.Create(dir.File("current.vhd"), Failback.Simulators.Disks.DiskFormat.Vhd, disk.Capacity);
        current.Write(0, disk.ToArray());
        var n = 0;
        foreach (var (point, content) in snapshots)
        {
            using var restored = Failback.Simulators.Disks.DiskImage.Create(dir.File($"restored-{n++}.img"), Failback.Simulators.Disks.DiskFormat.Raw, disk.Capacity);
            journal.Restore("disk-1", point, current, restored);
            var back = new byte[disk.Capacity];
            restored.Read(0, back);
            Assert.Equal(content, back);
        }
    }

    [Fact]
    public void AReopenedJournalCutsATornLastRecordAndStillRestores()
    {
        using var dir = new TempDirectory();
        var disk = new MemoryDisk(1 << 20);
        List<(RecoveryPoint Point, byte[] Content)> snapshots;
        using (var journal = RetentionJournal.Open(dir.File("j")))
        {
            var target = new ReplicationTarget("mt", journal);
            target.AddDisk("disk-1", disk, holdsData: false);
            snapshots = Workload(target, disk, 100, 10, new ChoiceStream("w", 2));
        }
        // The process died in the middle of appending a record.
        var segment = Directory.GetFiles(dir.File("j"), "seg-*.rj").Order().Last();
        var length = new FileInfo(segment).Length;
        using (var stream = new FileStream(segment, FileMode.Append)) stream.Write(new byte[] { 0x52, 0x52, 0x4A, 0x31, 0xFF, 0xFF, 0, 0, 1, 2, 3 });

        using var reopened = RetentionJournal.Open(dir.File("j"));
        Assert.Equal(length, new FileInfo(segment).Length);
        Assert.Equal(100, reopened.LastSequence);
        Assert.Equal(snapshots.Select(s => s.Point), reopened.Points);
        foreach (var (point, content) in snapshots)
        {
            var restored = new MemoryDisk(disk.Capacity);
            reopened.Restore("disk-1", point, disk, restored);
            Assert.Equal(content, restored.ToArray());
        }
    }

    [Fact]
    public void PruningKeepsEveryPointInTheWindowRestorable()
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"), segmentBytes: 32 * 1024);
        var disk = new MemoryDisk(1 << 20);
        var target = new ReplicationTarget("mt", journal);
        target.AddDisk("disk-1", disk, holdsData: false);
        var snapshots = Workload(target, disk, 300, 10, new ChoiceStream("w", 3));
        var segments = journal.SegmentCount;
        var size = journal.SizeBytes;

        var dropped = journal.Prune(T0.AddSeconds(200));
        Assert.Equal(20, dropped); // points at 0, 10, ..., 190
        Assert.True(journal.SegmentCount < segments && journal.SizeBytes < size);
        foreach (var (point, content) in snapshots.Where(s => s.Point.Time >= T0.AddSeconds(200)))
        {
            var restored = new MemoryDisk(disk.Capacity);
            journal.Restore("disk-1", point, disk, restored);
            Assert.Equal(content, restored.ToArray());
        }
        var gone = snapshots[0].Point;
        var error = Assert.Throws<ArgumentException>(() => journal.Restore("disk-1", gone, disk, new MemoryDisk(disk.Capacity)));
        Assert.Contains("not in the retention window", error.Message);
    }

    [Fact]
    public void RestoringIntoADiskOfAnotherSizeIsRefusedAndWritesNothing()
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"));
        var disk = new MemoryDisk(1 << 20);
        var point = journal.AddPoint(ConsistencyType.CrashConsistent, T0, 0);
        var small = new MemoryDisk(1 << 19);
        var error = Assert.Throws<ArgumentException>(() => journal.Restore("disk-1", point, disk, small));
        Assert.Contains("same capacity", error.Message);
        Assert.Equal(0, small.Writes);
    }

    [Fact]
    public void SequencesThatGoBackAreRefused()
    {
        using var dir = new TempDirectory();
        using var journal = RetentionJournal.Open(dir.File("j"));
        journal.AppendUndo("disk-1", 5, 0, new byte[512]);
        journal.AppendUndo("disk-1", 5, 512, new byte[512]); // one logical write, two extents
        Assert.Throws<ArgumentOutOfRangeException>(() => journal.AppendUndo("disk-1", 4, 0, new byte[512]));
        Assert.Equal(5, journal.LastSequence);
    }
}
