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
}
