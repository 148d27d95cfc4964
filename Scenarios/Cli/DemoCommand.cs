using Failback.Scenarios.Demo;

namespace Failback.Scenarios.Cli;

/// <summary><c>drill demo --seed N [--trace FILE] [--hours H]</c>: the kernel demo.</summary>
internal static class DemoCommand
{
    private const double MaxHours = 24 * 365;

    public static int Run(ArgReader args)
    {
        var seed = args.UInt64Option("--seed") ?? 1;
        var tracePath = args.Option("--trace");
        var hours = args.DoubleOption("--hours") ?? 24;
        args.Positionals(0, 0, "nothing");
        if (hours > MaxHours) throw new UsageException($"--hours takes at most {MaxHours} (a year of virtual time), not {hours}.");
        OutputFile.Check(tracePath, "--trace");

        using var trace = tracePath is null ? null : File.Create(tracePath);
        var summary = KernelDemo.Run(seed, TimeSpan.FromHours(hours), trace);
        Console.Out.WriteLine($"seed {summary.Seed}: {summary.VirtualTime.TotalHours:0.##} virtual hours, {summary.Events} events, " +
                              $"{summary.Uploads} uploads, {summary.Faults} injected faults" +
                              (tracePath is null ? "" : $"; trace in {tracePath}"));
        return ExitCodes.Ok;
    }
}
