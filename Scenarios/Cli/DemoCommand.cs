using Failback.Scenarios.Demo;

namespace Failback.Scenarios.Cli;

/// <summary><c>drill demo --seed N [--trace FILE] [--hours H]</c>: the kernel demo.</summary>
public static class DemoCommand
{
    public static int Run(ArgReader args)
    {
        var seed = args.UInt64Option("--seed") ?? 1;
        var tracePath = args.Option("--trace");
        var hours = args.DoubleOption("--hours") ?? 24;
        args.Positionals(0, 0, "nothing");

        using var trace = tracePath is null ? null : File.Create(tracePath);
        var summary = KernelDemo.Run(seed, TimeSpan.FromHours(hours), trace);
        Console.Out.WriteLine($"seed {summary.Seed}: {summary.VirtualTime.TotalHours:0.##} virtual hours, {summary.Events} events, " +
                              $"{summary.Uploads} uploads, {summary.Faults} injected faults" +
                              (tracePath is null ? "" : $"; trace in {tracePath}"));
        return ExitCodes.Ok;
    }
}
