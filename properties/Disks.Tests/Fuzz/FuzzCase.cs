using Failback.Simulators.Disks;
using Failback.Simulators.Disks.Check;
using Failback.Simulators.Disks.Diff;

namespace Failback.Disks.Tests.Fuzz;

/// <summary>
/// One mutant through info, check and diff in process, on a thread of its own so a hang is seen (bounded
/// time) and the bytes it allocates are counted (bounded memory). Bad images may only fail with the disk
/// layer's own errors; check must return a verdict, and a healthy verdict must open, inspect and diff.
/// </summary>
internal sealed record FuzzCase(string Seed, int Index, string Mutation)
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);
    public const long AllocationLimit = 256 * Sizes.MiB;

    /// <summary>Diff reads the whole disk; a mutant claiming more is opened and inspected but not read through.</summary>
    public const long DiffCapacityLimit = 64 * Sizes.MiB;

    public DiskCheckResult? Check { get; private set; }
    public string? InfoError { get; private set; }
    public bool Diffed { get; private set; }
    public string? Failure { get; private set; }
    public long Allocated { get; private set; }

    /// <summary>Mutates a copy of the seed and exercises it; <paramref name="exercise"/> replaces info/check/diff in the harness's own tests.</summary>
    public static FuzzCase Run(FuzzSeed seed, string dir, int index, int baseSeed, Action<FuzzCase, string, string>? exercise = null, TimeSpan? limit = null)
    {
        // Seeded by format name and case number only: a failure message's numbers reproduce the mutant.
        var random = new Random(baseSeed * 1_000_003 + index * 7919 + seed.Name.Sum(c => c));
        var top = seed.CopyTo(dir);
        var mutation = Mutator.Mutate(dir, random);
        var result = new FuzzCase(seed.Name, index, mutation);
        exercise ??= (c, m, o) => c.Exercise(m, o);
        var thread = new Thread(() => exercise(result, top, seed.Top), 16 * 1024 * 1024) { IsBackground = true };
        thread.Start();
        var timeLimit = limit ?? TimeLimit;
        if (!thread.Join(timeLimit)) result.Failure = $"no verdict within {timeLimit.TotalSeconds} s (a hang)";
        else if (result.Allocated > AllocationLimit) result.Failure ??= $"allocated {result.Allocated} bytes, past {AllocationLimit}";
        return result;
    }

    /// <summary>Runs <paramref name="body"/> as the case's work: an escaping exception is the failure, allocation is counted.</summary>
    public void Guard(Action body)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            body();
        }
        catch (Exception e)
        {
            Failure ??= $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
        finally
        {
            Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    private void Exercise(string mutant, string original) => Guard(() =>
    {
        try
        {
            var info = DiskImage.Inspect(mutant);
            if (info.Capacity < 0 || info.AllocatedBytes < 0) Failure = $"info reports capacity {info.Capacity}, allocated {info.AllocatedBytes}";
        }
        catch (IOException e)
        {
            InfoError = e is BadImageException b ? $"BadImage {b.Field}" : e.GetType().Name;
        }
        Check = DiskImage.Check(mutant);
        if (Check.IsHealthy && InfoError is not null)
            Failure = $"check calls it healthy but info fails ({InfoError})";
        try
        {
            using var a = DiskImage.Open(mutant, writable: false);
            if (a.Capacity <= DiffCapacityLimit)
            {
                using var b = DiskImage.Open(original, writable: false);
                BlockDiff.Compare(a, b);
                Diffed = true;
            }
        }
        catch (IOException) when (!Check.IsHealthy)
        {
            // A corrupt image may refuse to open; a healthy one may not (it escapes: a failure).
        }
    });

    public override string ToString() => $"{Seed} mutant {Index} ({Mutation})";
}
