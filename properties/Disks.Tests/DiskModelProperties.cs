using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Failback.Engine.Ports;
using Failback.Simulators.Disks;

namespace Failback.Disks.Tests;

/// <summary>
/// Any sequence of writes, snapshots, consolidations and reopens leaves every format reading exactly what a
/// plain byte array holds (checked by us after every step and by qemu-img at the end), and changed-block
/// tracking reports every byte written since the change id it is asked about.
/// </summary>
public class DiskModelProperties
{
    public enum OpKind { Write, TakeChangeId, Snapshot, Consolidate, Reopen }

    public sealed record Op(OpKind Kind, long Offset, int Length, int Seed)
    {
        public override string ToString() => Kind == OpKind.Write ? $"Write({Offset}, {Length})" : Kind.ToString();
    }

    private const int Capacity = 4 * 1024 * 1024;

    private static readonly DiskFormat[] Formats = [DiskFormat.Raw, DiskFormat.Vmdk, DiskFormat.VmdkSparse, DiskFormat.Vhd, DiskFormat.VhdDynamic];

    private static Gen<Op> OpGen =>
        Gen.Frequency(
            (8, from offset in Gen.Choose(0, Capacity - 1)
                from length in Gen.Frequency((3, Gen.Choose(1, 2048)), (2, Gen.Choose(1, 300_000)), (1, Gen.Elements(65536, 131072)))
                from aligned in Gen.Elements(false, false, true)
                from seed in Gen.Choose(0, int.MaxValue)
                let start = aligned ? offset / 65536 * 65536L : offset
                select new Op(OpKind.Write, start, (int)Math.Min(length, Capacity - start), seed)),
            (2, Gen.Constant(new Op(OpKind.TakeChangeId, 0, 0, 0))),
            (2, Gen.Constant(new Op(OpKind.Snapshot, 0, 0, 0))),
            (1, Gen.Constant(new Op(OpKind.Consolidate, 0, 0, 0))),
            (1, Gen.Constant(new Op(OpKind.Reopen, 0, 0, 0))));

    private static Arbitrary<(DiskFormat, Op[])> Scripts =>
        (from format in Gen.Elements(Formats)
         from ops in Gen.ArrayOf(OpGen).Resize(25)
         select (format, ops)).ToArbitrary();

    [Property(MaxTest = 30)]
    public Property EveryFormatReadsWhatAByteArrayHolds() => Prop.ForAll(Scripts, script => Run(script.Item1, script.Item2));

    private static bool Run(DiskFormat format, Op[] ops)
    {
        using var s = new Scratch();
        var isVmdk = format is DiskFormat.Vmdk or DiskFormat.VmdkSparse;
        var chain = new List<string> { s[isVmdk ? "vm.vmdk" : format is DiskFormat.Raw ? "vm.img" : "vm.vhd"] };
        var model = new byte[Capacity];
        var disk = DiskImage.Create(chain[0], format, Capacity);
        string? changeId = null;
        var written = new List<DiskExtent>(); // everything written since changeId (or since creation)
        try
        {
            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case OpKind.Write:
                        var data = new byte[op.Length];
                        new Random(op.Seed).NextBytes(data);
                        disk.Write(op.Offset, data);
                        data.CopyTo(model, op.Offset);
                        written.Add(new DiskExtent(op.Offset, op.Length));
                        break;
                    case OpKind.TakeChangeId:
                        CheckTracking(disk, changeId, written);
                        changeId = disk.TakeChangeId();
                        written.Clear();
                        break;
                    // Change tracking is saved beside the disk: change ids survive reopens, snapshots and consolidations.
                    case OpKind.Snapshot when isVmdk:
                        CheckTracking(disk, changeId, written);
                        disk.Dispose();
                        chain.Add(DiskImage.Snapshot(chain[^1]));
                        disk = DiskImage.Open(chain[^1]);
                        break;
                    case OpKind.Consolidate when chain.Count > 1:
                        CheckTracking(disk, changeId, written);
                        disk.Dispose();
                        DiskImage.Consolidate(chain[^1]);
                        chain.RemoveAt(chain.Count - 1);
                        disk = DiskImage.Open(chain[^1]);
                        break;
                    default: // Reopen, and snapshot or consolidate where the format has none
                        CheckTracking(disk, changeId, written);
                        disk.Dispose();
                        disk = DiskImage.Open(chain[^1]);
                        break;
                }
                var back = new byte[Capacity];
                disk.Read(0, back);
                if (!back.AsSpan().SequenceEqual(model)) throw new Xunit.Sdk.XunitException($"{format}: content differs from the model after {op}.");
            }
            CheckTracking(disk, changeId, written);
        }
        finally
        {
            disk.Dispose();
        }
        var q = QemuImg.FormatOf(format);
        QemuImg.Check(chain[^1], q);
        QemuImg.AssertEqualTo(chain[^1], q, model, s.Dir);
        if (!DiskImage.Check(chain[^1]).IsHealthy) throw new Xunit.Sdk.XunitException($"{format}: our checker rejects the image.");
        return true;
    }

    /// <summary>Every byte written since <paramref name="changeId"/> lies in a reported changed area.</summary>
    private static void CheckTracking(IBlockDevice disk, string? changeId, List<DiskExtent> written)
    {
        var areas = disk.QueryChangedDiskAreas(changeId ?? "*");
        foreach (var w in written)
        {
            var covered = w.Offset;
            foreach (var a in areas)
                if (a.Offset <= covered && a.End > covered) covered = Math.Min(w.End, a.End);
            if (covered < w.End)
                throw new Xunit.Sdk.XunitException($"changed-block tracking missed [{covered}, {w.End}) of a write at {w.Offset} (+{w.Length}) since {changeId ?? "*"}.");
        }
    }
}
