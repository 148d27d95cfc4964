using System.Globalization;
using Failback.Disks.Tests.Fuzz;
using Failback.Simulators.Disks;
using Failback.Simulators.Disks.Check;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Disks.Tests;

/// <summary>
/// Seeded mutants of every format through info, check and diff: no exception but the disk layer's own, no
/// hang, bounded memory, and no healthy verdict on an image that does not open. CI runs
/// <see cref="DefaultCasesPerFormat"/> per format; <c>properties/fuzz-disks.sh</c> runs 100 times more
/// (DISK_FUZZ_CASES, DISK_FUZZ_SEED).
/// </summary>
public class DiskFuzzTests(ITestOutputHelper output)
{
    public const int DefaultCasesPerFormat = 60;

    internal static int CasesPerFormat =>
        int.TryParse(Environment.GetEnvironmentVariable("DISK_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : DefaultCasesPerFormat;

    internal static int BaseSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("DISK_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;

    [Fact]
    public void MutantsOfOurImagesFailOnlyWithTheDiskLayersErrors()
    {
        using var s = new Scratch();
        var failures = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var mutants = 0;
        foreach (var seed in FuzzSeed.Ours(s["seeds"]))
        {
            var cases = new List<FuzzCase>();
            for (var i = 0; i < CasesPerFormat; i++)
            {
                var dir = s[$"{seed.Name}-{i}"];
                var c = FuzzCase.Run(seed, dir, i, BaseSeed);
                cases.Add(c);
                if (c.Failure is not null) failures.Add($"{c} [seed {BaseSeed}]: {c.Failure}");
                else Directory.Delete(dir, recursive: true);
            }
            mutants += cases.Count;
            var corrupt = cases.Count(c => c.Check is { IsHealthy: false });
            output.WriteLine($"{seed.Name}: {cases.Count} mutants, {cases.Count(c => c.InfoError is not null)} refused by info, " +
                             $"{corrupt} corrupt by check, {cases.Count(c => c.Diffed)} diffed, max allocated {cases.Max(c => c.Allocated)} bytes");
            foreach (var kind in cases.SelectMany(c => c.Check?.Problems ?? []).GroupBy(p => p.Kind).OrderBy(g => g.Key))
                output.WriteLine($"    {kind.Key}: {kind.Count()}");
            // The mutator reaches the parsers: some mutants are refused, some are still readable.
            Assert.True(corrupt > 0, $"no {seed.Name} mutant was found corrupt: the mutator does not reach the metadata");
            Assert.True(corrupt < cases.Count || cases.Count < 10, $"every {seed.Name} mutant was corrupt: the seeds may be broken");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RATE fuzz disks: seed {BaseSeed}, {mutants} mutants in {watch.Elapsed.TotalSeconds:F1} s = {mutants / watch.Elapsed.TotalSeconds:F1} mutants/s"));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void TheHarnessSeesAnUnexpectedExceptionAHangAndUnboundedMemory()
    {
        using var s = new Scratch();
        var seed = FuzzSeed.Ours(s["seeds"]).First();
        var thrown = FuzzCase.Run(seed, s["a"], 0, 1, (c, _, _) => c.Guard(() => throw new OverflowException("planted")));
        Assert.Contains("OverflowException: planted", thrown.Failure);
        var hung = FuzzCase.Run(seed, s["b"], 0, 1, (_, _, _) => Thread.Sleep(Timeout.Infinite), TimeSpan.FromMilliseconds(200));
        Assert.Contains("a hang", hung.Failure);
        var hungry = FuzzCase.Run(seed, s["c"], 0, 1, (c, _, _) => c.Guard(() =>
        {
            for (var i = 0; i < 40; i++) GC.KeepAlive(new byte[8 * Sizes.MiB]);
        }));
        Assert.Contains("allocated", hungry.Failure);
        var fine = FuzzCase.Run(seed, s["d"], 0, 1, (c, _, _) => c.Guard(() => { }));
        Assert.Null(fine.Failure);
    }

    [Fact]
    public void SameSeedSameMutants()
    {
        using var s = new Scratch();
        var seed = FuzzSeed.Ours(s["seeds"]).First(x => x.Name == "vmdk-sparse");
        var a = Enumerable.Range(0, 8).Select(i => FuzzCase.Run(seed, s[$"a{i}"], i, 7, (c, _, _) => c.Guard(() => { })).Mutation).ToList();
        var b = Enumerable.Range(0, 8).Select(i => FuzzCase.Run(seed, s[$"b{i}"], i, 7, (c, _, _) => c.Guard(() => { })).Mutation).ToList();
        Assert.Equal(a, b);
        Assert.True(a.Distinct().Count() > 4);
    }
}
