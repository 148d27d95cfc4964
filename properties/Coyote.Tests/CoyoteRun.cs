using System.Reflection;
using Microsoft.Coyote;
using Microsoft.Coyote.Rewriting;
using Microsoft.Coyote.SystematicTesting;
using Xunit;

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
}
