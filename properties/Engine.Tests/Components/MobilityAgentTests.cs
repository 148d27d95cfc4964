using Failback.Engine.Components;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Engine.Tests.Replication;
using Failback.Simulators.Kernel;
using Xunit;

namespace Failback.Engine.Tests.Components;

public class MobilityAgentTests
{
    [Fact]
    public void EveryGuestWriteReachesTheDiskAndIsCapturedInOrder()
    {
        var clock = new VirtualClock();
        var agent = new MobilityAgent("vm-1", "10.0.0.10", clock);
        var disk = new MemoryDisk(1 << 20);
        var guest = agent.Attach("disk-1", disk);
        var random = new ChoiceStream("w", 1);
        var expected = new List<(long, byte[])>();
        for (var i = 0; i < 100; i++)
        {
            var data = new byte[512 * random.Next(1, 8)];
            random.NextBytes(data);
            var offset = 512L * random.Next(1000);
            guest.Write(offset, data);
            expected.Add((offset, data));
        }
        var captured = agent.Take(long.MaxValue).Cast<WriteRecord>().ToList();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), captured.Select(w => w.Sequence));
        Assert.Equal(expected.Select(e => e.Item1), captured.Select(w => w.Offset));
        Assert.Equal(expected.Select(e => e.Item2), captured.Select(w => w.Data.ToArray()));
        Assert.Equal(100, disk.Writes);
        Assert.Equal(0, agent.PendingBytes);
    }

    [Fact]
    public void TheCapturedDataIsACopyTheGuestCannotChangeAfterTheWrite()
    {
        var agent = new MobilityAgent("vm-1", "10.0.0.10", new VirtualClock());
        var guest = agent.Attach("disk-1", new MemoryDisk(1 << 20));
        var buffer = new byte[512];
        buffer[0] = 1;
        guest.Write(0, buffer);
        buffer[0] = 2;
        Assert.Equal(1, ((WriteRecord)agent.Take(long.MaxValue)[0]).Data.ToArray()[0]);
    }

    [Fact]
    public void ChangedBlocksAreTrackedPerDiskAndCoalesced()
    {
        var agent = new MobilityAgent("vm-1", "10.0.0.10", new VirtualClock());
        var guest = agent.Attach("disk-1", new MemoryDisk(1 << 20));
        guest.Write(10, new byte[100]);                       // block 0
        guest.Write(64 * 1024 - 10, new byte[20]);            // blocks 0 and 1
        guest.Write(5 * 64 * 1024, new byte[64 * 1024 + 1]); // blocks 5 and 6
        var bitmap = agent.ChangedBlocks("disk-1");
        Assert.Equal(4, bitmap.ChangedBlocks);
        Assert.Equal([new DiskExtent(0, 128 * 1024), new DiskExtent(5 * 64 * 1024, 128 * 1024)], bitmap.Extents());
        bitmap.Clear();
        Assert.Empty(bitmap.Extents());
    }

    [Fact]
    public void AWriteTheDiskRefusesIsNotCaptured()
    {
        var agent = new MobilityAgent("vm-1", "10.0.0.10", new VirtualClock());
        var guest = agent.Attach("disk-1", new MemoryDisk(4096));
        Assert.Throws<ArgumentOutOfRangeException>(() => guest.Write(4000, new byte[512]));
        Assert.Equal(0, agent.LastSequence);
        Assert.Equal(0, agent.PendingRecords);
    }

    [Fact]
    public void TagsCoverEveryWriteCapturedBeforeThem()
    {
        var clock = new VirtualClock();
        var agent = new MobilityAgent("vm-1", "10.0.0.10", clock, lastSequence: 41);
        var guest = agent.Attach("disk-1", new MemoryDisk(4096));
        guest.Write(0, new byte[512]);
        var tag = agent.Tag(ConsistencyType.AppConsistent);
        guest.Write(512, new byte[512]);
        Assert.Equal(42, tag!.Sequence);
        Assert.Equal([typeof(WriteRecord), typeof(TagRecord), typeof(WriteRecord)], agent.Take(long.MaxValue).Select(r => r.GetType()));
        Assert.Equal(43, agent.LastSequence);
    }
}
