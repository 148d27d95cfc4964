using BenchmarkDotNet.Attributes;
using Failback.Engine.Ports;
using Failback.Engine.Replication;
using Failback.Simulators.Disks;

namespace Failback.Benchmarks;

/// <summary>
/// The retention journal's two hot paths: appending undo records (goal: at least 1 GB/s on one
/// core) and restoring a 1 GiB disk to a recovery point (goal: at least 1 GB/s).
/// </summary>
// In process: BenchmarkDotNet's generated-project build times out on a busy 2-core machine; these are I/O-bound.
[InProcess, WarmupCount(1), IterationCount(5)]
public class JournalBenchmarks
{
    private const long GiB = 1L << 30;
    private const int RecordBytes = 64 * 1024;
    private readonly byte[] _record = new byte[RecordBytes];
    private string _dir = "";
    private RetentionJournal? _journal;
    private IBlockDevice? _current;
    private RecoveryPoint? _point;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"journal-bench-{Environment.ProcessId}");
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        Directory.CreateDirectory(_dir);
        new Random(1).NextBytes(_record);

        // A 1 GiB disk full of data, and a journal whose point lies 2,000 writes (125 MiB of undo) back.
        _current = DiskImage.Create(Path.Combine(_dir, "current.img"), DiskFormat.Raw, GiB);
        var chunk = new byte[8 << 20];
        var random = new Random(2);
        for (long at = 0; at < GiB; at += chunk.Length)
        {
            random.NextBytes(chunk);
            _current.Write(at, chunk);
        }
        using (var journal = RetentionJournal.Open(Path.Combine(_dir, "restore-journal")))
        {
            _point = journal.AddPoint(ConsistencyType.CrashConsistent, DateTimeOffset.UnixEpoch, 0);
            for (var seq = 1; seq <= 2000; seq++)
                journal.AppendUndo("disk-1", seq, (long)random.Next((int)(GiB / RecordBytes)) * RecordBytes, _record);
        }
        _journal = RetentionJournal.Open(Path.Combine(_dir, "restore-journal"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _journal?.Dispose();
        _current?.Dispose();
        Directory.Delete(_dir, true);
    }

    [IterationSetup(Target = nameof(Append1GiB))]
    public void RemovePreviousAppend()
    {
        var path = Path.Combine(_dir, "append");
        if (Directory.Exists(path)) Directory.Delete(path, true);
    }

    /// <summary>1 GiB of 64 KiB undo records, each handed to the OS before the next (as the target does).</summary>
    [Benchmark]
    public long Append1GiB()
    {
        using var journal = RetentionJournal.Open(Path.Combine(_dir, "append"));
        for (var seq = 1; seq <= GiB / RecordBytes; seq++)
            journal.AppendUndo("disk-1", seq, (seq - 1) * (long)RecordBytes, _record);
        return journal.SizeBytes;
    }

    [IterationSetup(Target = nameof(Restore1GiBToAPoint))]
    public void RemovePreviousRestore() => File.Delete(Path.Combine(_dir, "restored.img"));

    /// <summary>Restores the 1 GiB disk to the point into a new image (made durable with fsync at the end).</summary>
    [Benchmark]
    public void Restore1GiBToAPoint()
    {
        var path = Path.Combine(_dir, "restored.img");
        using var output = DiskImage.Create(path, DiskFormat.Raw, GiB);
        _journal!.Restore("disk-1", _point!, _current!, output);
    }
}
