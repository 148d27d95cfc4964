using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Scenarios.Running;
using Failback.Scenarios.World;
using Failback.TestKit.Fakes;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>A drill file's world built on the caller's ports (RunOptions.Ports): decorators change what the engine sees, and only that.</summary>
public sealed class WorldPortsTests
{
    private const string Drill = "failback-whole-cycle.yaml";

    private static RunOutcome Run(WorldPorts ports) =>
        ScenarioRunner.Run(BoundScenario.Load(Path.Combine(RepoRoot.Drills, Drill)), new RunOptions { CaptureTrace = true, Ports = ports });

    [Fact]
    public void PortsThatForwardEverythingLeaveTheDrillByteIdentical()
    {
        var puts = 0;
        var forwarding = new WorldPorts { Arm = real => new CountingVmPuts(real, () => puts++) };

        var (plain, decorated) = (Run(WorldPorts.Simulated), Run(forwarding));

        Assert.True(plain.Report.Passed, ReportWriter.Text(plain.Report));
        Assert.Equal(ReportWriter.Json([plain.Report]), ReportWriter.Json([decorated.Report]));
        Assert.Equal(plain.Trace, decorated.Trace);
        Assert.True(puts >= 2, $"the engine sent {puts} virtual machine PUTs"); // the process server in Azure, then the failed-over VM
    }

    [Fact]
    public void TheSecondPutOfAVmFailingWithQuotaExceededFailsTheFailoverWithThatCode()
    {
        var outcome = Run(new WorldPorts { Arm = real => new QuotaExceededOnVmPut(real, nth: 2) });

        Assert.False(outcome.Report.Passed);
        var failed = outcome.Report.Steps.Single(s => !s.Succeeded);
        Assert.Equal("failover", failed.Kind);
        Assert.Contains("QuotaExceeded", failed.ErrorCode + " " + failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstPutFailingInsteadStopsTheWorldBeforeTheDrillStarts()
    {
        // Varied: the first VM PUT is the process server the vault deploys in Azure while the world is built.
        var outcome = Run(new WorldPorts { Arm = real => new QuotaExceededOnVmPut(real, nth: 1) });

        Assert.False(outcome.Report.Passed);
        Assert.Empty(outcome.Report.Steps);
        Assert.Contains("QuotaExceeded", outcome.Report.Aborted, StringComparison.Ordinal);
    }

    /// <summary>Forwards everything, counting the PUTs of virtual machines.</summary>
    private sealed class CountingVmPuts(IArm inner, Action counted) : ArmDecorator(inner)
    {
        public override Task<ArmOperation> BeginCreateOrUpdateAsync(ResourceId id, ArmResource body, CancellationToken cancellationToken = default)
        {
            if (body is VirtualMachine) counted();
            return base.BeginCreateOrUpdateAsync(id, body, cancellationToken);
        }
    }

    /// <summary>The <paramref name="nth"/> PUT of a virtual machine is refused as ARM refuses one past the subscription's core quota.</summary>
    private sealed class QuotaExceededOnVmPut(IArm inner, int nth) : ArmDecorator(inner)
    {
        private int _puts;

        public override Task<ArmOperation> BeginCreateOrUpdateAsync(ResourceId id, ArmResource body, CancellationToken cancellationToken = default) =>
            body is VirtualMachine && ++_puts == nth
                ? Task.FromException<ArmOperation>(new ArmException(409, new ArmError("QuotaExceeded",
                    "Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota.", id.ToString())))
                : base.BeginCreateOrUpdateAsync(id, body, cancellationToken);
    }
}
