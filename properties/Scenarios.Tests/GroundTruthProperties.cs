using Failback.Scenarios.World;
using Failback.Simulators.Disks;
using Failback.Simulators.Kernel;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// The drill's ground truth against a real image: the content after any prefix of a machine's writes,
/// asked for in any order, equals the disk those writes made, and a changed byte anywhere (written or
/// never allocated) is found at its offset. Every failover and disk-matches-truth check stands on this.
/// </summary>
public sealed class GroundTruthProperties
{
    [Property(MaxTest = 25)]
    public void ContentAfterAnyPrefixEqualsTheDiskAndFindsTheFirstChangedByte(int seed)
    {
        var random = new Random(seed);
        var dir = Directory.CreateTempSubdirectory("truth-").FullName;
        try
        {
            // Not a whole number of 4 KiB chunks, so the last chunk is a short one.
            var capacity = (512 + random.Next(512)) * 512L;
            var guest = new ChoiceStream("guest", (ulong)seed);
            var writes = Enumerable.Range(0, random.Next(1, 12)).Select(_ =>
            {
                // Mostly sectors; sometimes any length at any byte, so a drawn block covers chunks from any place in it.
                var unaligned = random.Next(3) == 0;
                var length = unaligned ? random.Next(1, 40 * 512) : random.Next(1, 40) * 512;
                var offset = unaligned ? random.NextInt64(capacity - length + 1) : random.NextInt64((capacity - length) / 512 + 1) * 512;
                // A workload's block is kept as its description, also in a rebuilt content, and made where it is compared.
                if (random.Next(2) == 0)
                {
                    var drawn = GuestPayload.Drawn(guest, length);
                    return (Offset: offset, Data: drawn.ToArray(), Payload: drawn);
                }
                var data = new byte[length];
                random.NextBytes(data);
                if (random.Next(4) == 0) data.AsSpan(0, length / 2).Clear(); // zeros written over data
                return (Offset: offset, Data: data, Payload: GuestPayload.Literal(data));
            }).ToList();
            var truth = new GroundTruth();
            using (var empty = DiskImage.Create(Path.Combine(dir, "start.vmdk"), DiskFormat.Vmdk, capacity))
                truth.Begin("disk-0", SparseContent.Read(empty));
            foreach (var (offset, _, payload) in writes) truth.Add(DateTimeOffset.UnixEpoch, "disk-0", offset, payload);

            foreach (var prefix in Enumerable.Range(0, writes.Count + 1).OrderBy(_ => random.Next()))
            {
                var path = Path.Combine(dir, $"after-{prefix}.vmdk");
                var model = new byte[capacity];
                using var disk = DiskImage.Create(path, DiskFormat.Vmdk, capacity);
                foreach (var (offset, data, _) in writes.Take(prefix))
                {
                    disk.Write(offset, data);
                    data.CopyTo(model, offset);
                }
                var expected = truth.ContentAfter("disk-0", prefix);
                Assert.Null(expected.FirstDifference(disk));

                var changed = random.NextInt64(capacity);
                disk.Write(changed, [(byte)(model[changed] ^ (1 + random.Next(255)))]);
                Assert.Equal(changed, expected.FirstDifference(disk));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
