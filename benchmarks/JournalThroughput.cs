using System.Diagnostics;
using System.Globalization;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;

namespace Failback.Benchmarks;

/// <summary>
/// <c>journal DIR</c>: appends 1 GiB of 64 KiB undo records, then restores a 1 GiB disk to a point
/// 2,000 records back (into a new disk, beside a plain copy + fsync of the same disk, and in place),
/// printing wall time and this process's CPU time for each. On a shared,
/// overloaded machine the CPU figure (bytes per CPU-second, i.e. per core) is the one that holds.
/// </summary>
public static class JournalThroughput
{
    private const long GiB = 1L << 30;
    private const int RecordBytes = 64 * 1024;

    public static int Run(string dir)
    {
        Directory.CreateDirectory(dir);
        try
        {
            var record = new byte[RecordBytes];
            new Random(1).NextBytes(record);
            RecoveryPoint point;
            Report("append 1 GiB", () =>
            {
                using var journal = RetentionJournal.Open(Path.Combine(dir, "journal"));
                point = journal.AddPoint(ConsistencyType.CrashConsistent, DateTimeOffset.UnixEpoch, 0);
                for (var seq = 1; seq <= GiB / RecordBytes; seq++)
                    journal.AppendUndo("disk-1", seq, (seq - 1) * (long)RecordBytes, record);
            });

            using (var current = DiskImage.Create(Path.Combine(dir, "current.img"), DiskFormat.Raw, GiB))
            {
                var chunk = new byte[8 << 20];
                var random = new Random(2);
                for (long at = 0; at < GiB; at += chunk.Length)
                {
                    random.NextBytes(chunk);
                    current.Write(at, chunk);
                }
                Directory.Delete(Path.Combine(dir, "journal"), true);
                using var journal = RetentionJournal.Open(Path.Combine(dir, "journal"));
                point = journal.AddPoint(ConsistencyType.CrashConsistent, DateTimeOffset.UnixEpoch, 0);
                for (var seq = 1; seq <= 2000; seq++)
                    journal.AppendUndo("disk-1", seq, (long)random.Next((int)(GiB / RecordBytes)) * RecordBytes, record);
                current.Flush(); // its dirty pages would otherwise be written back inside the timings below
                Report("restore 1 GiB to a point", () =>
                {
                    using var output = DiskImage.Create(Path.Combine(dir, "restored.img"), DiskFormat.Raw, GiB);
                    journal.Restore("disk-1", point, current, output);
                });
                File.Delete(Path.Combine(dir, "restored.img"));
                // The ceiling of a restore into a new file on this machine: copying the disk and forcing it to disk, nothing else.
                Report("baseline: copy 1 GiB + fsync", () =>
                {
                    File.Copy(Path.Combine(dir, "current.img"), Path.Combine(dir, "copy.img"));
                    using var copy = File.OpenHandle(Path.Combine(dir, "copy.img"), FileMode.Open, FileAccess.ReadWrite);
                    RandomAccess.FlushToDisk(copy);
                });
                File.Delete(Path.Combine(dir, "copy.img"));
                Report("restore 1 GiB to a point in place (roll back)", () => journal.Restore("disk-1", point, current, current));
            }
            Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void Report(string what, Action work)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        work();
        self.Refresh();
        var used = self.TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {wall.Elapsed.TotalSeconds:F2} s wall ({GiB / wall.Elapsed.TotalSeconds / 1e9:F2} GB/s), {used.TotalSeconds:F2} s CPU ({GiB / used.TotalSeconds / 1e9:F2} GB/s per core)"));
    }
}
