using System.Diagnostics;
using Failback.Disks.Tests.Fuzz;
using Failback.Simulators.Disks.Check;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Disks.Tests;

/// <summary>
/// The fuzz against qemu: mutants of images qemu made go through info, check and diff like ours, and VMDK
/// mutants (ours and qemu's; qemu has no check for VPC) are judged by <c>qemu-img check</c> too. Where the
/// verdicts differ, each class is named below with who is right; any other disagreement fails the test.
/// qemu-img is a process per mutant, the slow part: CI asks it about a sample (each seed's first mutant of every
/// verdict, so every disagreement class the mutants reach, plus every <see cref="SampleEvery"/>th), the night
/// script (<c>properties/fuzz-disks.sh</c>, DISK_FUZZ_CASES) about every mutant.
/// </summary>
public class QemuFuzzTests(ITestOutputHelper output)
{
    /// <summary>Mutants per VMDK seed: 30 in CI, half the night script's DISK_FUZZ_CASES at night.</summary>
    private static int CasesPerSeed => DiskFuzzTests.CasesPerFormat / 2;

    /// <summary>CI's sampling stride; at night (DISK_FUZZ_CASES set) every mutant goes to qemu-img.</summary>
    private const int SampleEvery = 10;

    private static bool Sampled => Environment.GetEnvironmentVariable("DISK_FUZZ_CASES") is null;

    /// <summary>
    /// Problems our checker reports that qemu-img check does not look for (qemu exits 0): who is right, and why.
    /// </summary>
    public static readonly IReadOnlyDictionary<DiskProblemKind, string> OursStricter = new Dictionary<DiskProblemKind, string>
    {
        [DiskProblemKind.GrainDirectoryMismatch] = "ours: the spec keeps the redundant directory and tables equal to the primary; qemu reads only the primary",
        [DiskProblemKind.GrainDirectoryEntryLost] = "ours: the redundant copy still maps data the primary lost; qemu reads only the primary",
        [DiskProblemKind.GrainTablePastEndOfFile] = "ours: a grain table past the end loses its grains; qemu reads it as zeros and checks nothing",
        [DiskProblemKind.GrainTableEntryPastEndOfFile] = "ours: a grain must lie whole inside the file; qemu checks only that it starts before the end",
        [DiskProblemKind.FlatExtentTooShort] = "ours: an extent holds the sectors its line declares (spec); qemu reads the missing tail as zeros",
        [DiskProblemKind.ParentLinkDamaged] = "ours: a vmfsSparse is a delta of its parent (spec); qemu opens it alone",
        [DiskProblemKind.ParentCidMismatch] = "ours: the spec's CID chain says the parent changed; qemu check does not read through the parent",
        [DiskProblemKind.ChangeTrackingCorrupt] = "ours: DiskSim's change-tracking side file, which qemu does not know",
        [DiskProblemKind.SizeOutOfRange] = "ours: a size past what the extent holds or the format allows; qemu clamps or ignores it",
        [DiskProblemKind.Unreadable] = "ours: a field the spec fixes (numGTEsPerGT = 512, at least one extent line) or a bound DiskSim sets (grain <= 1 MiB, descriptor <= 1 MiB); qemu accepts more (a descriptor without extents opens as a 0-byte disk)",
        [DiskProblemKind.GrainDirectoryPastEndOfFile] = "ours: a directory past the end loses every table; qemu reads zeros there and finds nothing allocated",
        [DiskProblemKind.ExtentTruncated] = "ours: the header's descriptor area lies past the end; qemu reads the descriptor at sector 1 whatever the header says",
        [DiskProblemKind.ParentMissing] = "ours: parentCID names a parent the descriptor does not (no parentFileNameHint); qemu opens the link alone",
        [DiskProblemKind.ParentChainCycle] = "ours: a chain leading back to itself can never be read; qemu check stops at its own depth limit or hangs (a link naming itself)",
    };

    [Fact]
    public void MutantsOfQemuMadeImagesFailOnlyWithTheDiskLayersErrors()
    {
        using var s = new Scratch();
        var failures = new List<string>();
        foreach (var seed in FuzzSeed.QemuMade(s["seeds"]))
        {
            var cases = Enumerable.Range(0, DiskFuzzTests.CasesPerFormat / 2).Select(i => FuzzCase.Run(seed, s[$"{seed.Name}-{i}"], i, DiskFuzzTests.BaseSeed)).ToList();
            failures.AddRange(cases.Where(c => c.Failure is not null).Select(c => $"{c}: {c.Failure}"));
            output.WriteLine($"{seed.Name}: {cases.Count} mutants, {cases.Count(c => c.InfoError is not null)} refused by info, " +
                             $"{cases.Count(c => c.Check is { IsHealthy: false })} corrupt by check, {cases.Count(c => c.Diffed)} diffed");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void VmdkMutantsAgreeWithQemuImgCheckExceptInNamedClasses()
    {
        using var s = new Scratch();
        var seeds = FuzzSeed.Ours(s["ours"]).Where(x => x.Name is "vmdk" or "vmdk-sparse" or "vmfs-sparse")
            .Concat(FuzzSeed.QemuMade(s["qemu"]).Where(x => x.Name.StartsWith("qemu-vmdk", StringComparison.Ordinal)));
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        var unexplained = new List<string>();
        var verdictsSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in seeds)
        {
            for (var i = 0; i < CasesPerSeed; i++)
            {
                var c = FuzzCase.Run(seed, s[$"{seed.Name}-{i}"], i, DiskFuzzTests.BaseSeed);
                if (c.Failure is not null || c.Check is null)
                {
                    unexplained.Add($"{c}: {c.Failure}");
                    continue;
                }
                var ours = c.Check.IsHealthy ? "healthy" : string.Join(",", c.Check.Problems.Select(p => p.Kind).Distinct().Order());
                if (!verdictsSeen.Add($"{seed.Name}: {ours}") && Sampled && i % SampleEvery != 0)
                {
                    table["not sampled for qemu-img in CI"] = table.GetValueOrDefault("not sampled for qemu-img in CI") + 1;
                    Directory.Delete(s[$"{seed.Name}-{i}"], recursive: true);
                    continue;
                }
                // No -f: qemu probes the format as we detect it (a descriptor that lost its version line is raw to both).
                var (code, err) = QemuCheck(c.Check.Path);
                string verdict;
                if (code == 63) verdict = "qemu has no check for what it probed (raw): not compared";
                else if (code == QemuHung)
                {
                    // qemu 7.2 loops on a link whose parent hint names itself; only a cycle we name may make it hang.
                    verdict = c.Check.Problems.Any(p => p.Kind == DiskProblemKind.ParentChainCycle)
                        ? "qemu-img check hangs on a chain that leads back to itself; ours names the cycle"
                        : "UNEXPLAINED: qemu-img check hangs";
                    if (verdict.StartsWith("UNEXPLAINED", StringComparison.Ordinal)) unexplained.Add($"{c}: {err}");
                }
                else if (c.Check.IsHealthy == (code == 0)) verdict = "agree";
                else if (c.Check.IsHealthy)
                {
                    verdict = $"UNEXPLAINED: healthy for us, qemu-img check exits {code}";
                    unexplained.Add($"{c}: we call it healthy, qemu-img check exits {code}: {err.Trim()}");
                }
                else
                {
                    var kinds = c.Check.Problems.Select(p => p.Kind).Distinct().Order().ToList();
                    var unnamed = kinds.Where(k => !OursStricter.ContainsKey(k)).ToList();
                    verdict = unnamed.Count == 0
                        ? $"ours stricter: {string.Join(", ", kinds)}"
                        : $"UNEXPLAINED: corrupt for us ({string.Join(", ", unnamed)}), qemu-img check exits 0";
                    if (unnamed.Count > 0) unexplained.Add($"{c}: we find {string.Join("; ", c.Check.Problems.Select(p => p.Message))}; qemu-img check finds nothing");
                }
                table[verdict] = table.GetValueOrDefault(verdict) + 1;
                Directory.Delete(s[$"{seed.Name}-{i}"], recursive: true);
            }
        }
        foreach (var (verdict, count) in table.OrderBy(kv => kv.Key, StringComparer.Ordinal)) output.WriteLine($"{count,5}  {verdict}");
        foreach (var (kind, why) in OursStricter) output.WriteLine($"       {kind}: {why}");
        Assert.True(table.GetValueOrDefault("agree") > 0, "no mutant was compared with qemu");
        Assert.True(unexplained.Count == 0, string.Join("\n\n", unexplained));
    }

    private const int QemuHung = -1;

    /// <summary>
    /// qemu-img check with a time limit (it answers a 4 MiB mutant in milliseconds): a qemu that hangs is told
    /// apart from one that refuses, and costs CI 10 s, not 30.
    /// </summary>
    private static (int Code, string Err) QemuCheck(string path)
    {
        var psi = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "check", "-U", path }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start qemu-img");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            p.Kill(entireProcessTree: true);
            return (QemuHung, "qemu-img check did not finish within 10 s");
        }
        return (p.ExitCode, stderr.Result + stdout.Result);
    }
}
