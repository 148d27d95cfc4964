using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Coyote;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.SystematicTesting;
using Xunit;
using Xunit.Abstractions;

namespace Failback.Coyote.Tests;

/// <summary>Runs a scenario under Coyote's TestingEngine with nothing left outside its control.</summary>
internal static class CoyoteRun
{
    public static Configuration Configuration(uint iterations, uint seed = 7) =>
        Microsoft.Coyote.Configuration.Create()
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(seed)
            .WithPartiallyControlledConcurrencyAllowed(false)
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithMaxSchedulingSteps(5_000);

    /// <summary>Without rewriting, Coyote reports false deadlocks: check before trusting any result.</summary>
    public static void AssertRewritten(params Assembly[] assemblies)
    {
        foreach (var assembly in assemblies)
            Assert.True(RewritingEngine.IsAssemblyRewritten(assembly),
                $"{assembly.GetName().Name} is not rewritten for Coyote: build properties/Coyote.Tests (its CoyoteRewrite target runs `dotnet coyote rewrite`).");
    }

    public static TestReport Run(Configuration configuration, Func<Task> scenario, out string reproducibleTrace)
    {
        var engine = TestingEngine.Create(configuration, scenario);
        engine.Run();
        var report = engine.TestReport;
        Assert.True(report.UncontrolledInvocations.Count == 0,
            "Code escaped Coyote's control: " + string.Join(", ", report.UncontrolledInvocations));
        Assert.Empty(report.InternalErrors);
        reproducibleTrace = engine.ReproducibleTrace;
        return report;
    }

    /// <summary>Asserts no bug in the configured iterations (a failure prints the bug and its replayable trace); prints iterations/s.</summary>
    public static void Passes(ITestOutputHelper output, string name, Configuration configuration, Func<Task> scenario)
    {
        var watch = Stopwatch.StartNew();
        var report = Run(configuration, scenario, out var trace);
        var iterations = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RATE coyote {name}: {iterations} iterations in {watch.Elapsed.TotalSeconds:F2} s = {iterations / watch.Elapsed.TotalSeconds:F1} iterations/s"));
        Assert.True(report.NumOfFoundBugs == 0,
            $"Coyote found a bug (seed {configuration.RandomGeneratorSeed}): {string.Join("\n", report.BugReports)}\nReplay it with this trace:\n{trace}");
        Assert.Equal((int)configuration.TestingIterations, iterations);
    }

    /// <summary>Asserts Coyote finds a bug within the configured iterations and that its trace replays the same bug in one run.</summary>
    public static string FindsBug(ITestOutputHelper output, Configuration configuration, Func<Task> scenario, string name = "planted bug")
    {
        var watch = Stopwatch.StartNew();
        var report = Run(configuration, scenario, out var trace);
        var iterations = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RATE coyote {name}: bug found after {iterations} iterations in {watch.Elapsed.TotalSeconds:F2} s = {iterations / watch.Elapsed.TotalSeconds:F1} iterations/s"));
        Assert.True(report.NumOfFoundBugs == 1, $"Coyote did not find the planted bug in {configuration.TestingIterations} iterations (seed {configuration.RandomGeneratorSeed}).");
        var bug = report.BugReports.Single();
        output.WriteLine($"found (seed {configuration.RandomGeneratorSeed}): {bug}\ntrace:\n{trace}");
        var replay = Run(Configuration(1).WithReproducibleTrace(trace), scenario, out _);
        Assert.Equal(bug, Assert.Single(replay.BugReports));
        return bug;
    }
}
