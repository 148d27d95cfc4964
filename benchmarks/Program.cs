using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Failback.Simulators.Disks;

namespace Failback.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet by default; <c>resync-pair</c>, <c>resync-files</c>, <c>resync-cbt</c>, <c>journal</c>, <c>kernel-timers</c> and <c>fleet</c> are the
    /// side-by-side and whole-run measurements the scripts in this folder call.
    /// </summary>
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "resync-pair":
                ResyncFiles.MakePair(args[1], args[2], long.Parse(args[3], CultureInfo.InvariantCulture), double.Parse(args[4], CultureInfo.InvariantCulture), seed: 1);
                return 0;
            case "resync-files":
            {
                var clock = Stopwatch.StartNew();
                var cpu = CpuTime();
                using var source = DiskImage.Open(args[1], writable: false);
                using var target = DiskImage.Open(args[2]);
                var result = ResyncFiles.Resync(source, target);
                Console.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalSeconds:F3} seconds, {result.BlocksSent} of {result.BlocksCompared} blocks sent ({result.BytesSent} bytes), {(CpuTime() - cpu).TotalSeconds:F3} s CPU"));
                return 0;
            }
            case "resync-cbt":
            {
                // The disks were equal at failover, where change ids were taken; then 1% changed.
                using var source = DiskImage.Open(args[1]);
                using var target = DiskImage.Open(args[2]);
                var baseline = (Source: source.TakeChangeId(), Target: target.TakeChangeId());
                ResyncFiles.Change(source, double.Parse(args[3], CultureInfo.InvariantCulture), new Random(7));
                var clock = Stopwatch.StartNew();
                var cpu = CpuTime();
                var areas = source.QueryChangedDiskAreas(baseline.Source).Concat(target.QueryChangedDiskAreas(baseline.Target)).OrderBy(e => e.Offset).ToList();
                var result = ResyncFiles.Resync(source, target, areas);
                Console.WriteLine(FormattableString.Invariant($"{clock.Elapsed.TotalSeconds:F3} seconds, {result.BlocksSent} of {result.BlocksCompared} blocks sent ({result.BytesSent} bytes), {(CpuTime() - cpu).TotalSeconds:F3} s CPU"));
                return 0;
            }
            case "journal":
                return JournalThroughput.Run(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"journal-{Environment.ProcessId}"));
            case "kernel-timers":
                return Kernel.KernelTimerRatio.Run(args.Skip(1).ToArray());
            case "fleet":
                return Fleet.Run(args.Skip(1).ToArray());
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }

    /// <summary>This process's CPU time: on a shared, loaded machine it holds where wall time does not.</summary>
    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
