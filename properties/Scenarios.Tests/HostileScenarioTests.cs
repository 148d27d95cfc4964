using Failback.Scenarios.Language;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// Hostile or broken scenarios: every parser failure, nesting too deep, values past the language's bounds. Each is
/// exit 2 with file:line:column and the bound, before any run folder exists; values at the bound still bind.
/// </summary>
public sealed class HostileScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Head = "title: t\nsteps:\n";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "unclosed-flow-list", "title: t\nsteps: [wait: 1m, \n", "YAML syntax error" },
        { "unclosed-nested-flow", "title: t\nsteps:\n  - wait: [1m, [2m\n", "YAML syntax error" },
        // These two crashed the drill (an InvalidOperationException from the YAML library, exit 134).
        { "unclosed-flow-list-across-lines", "title: [t\nsteps: []\n", "is a flow list '[' or map '{' left open?" },
        { "unclosed-covers-list", "title: t\ncovers: [PRE-7\nsteps: [wait: 1m]\n", "is a flow list '[' or map '{' left open?" },
        { "unclosed-flow-map", Head + "  - write: {vm: app-01, size: 4KiB\n", "YAML syntax error" },
        { "unclosed-quote", Head + "  - wait: \"1m\n", "YAML syntax error" },
        { "bad-indent", "title: t\n steps:\n- wait: 1m\n", "YAML syntax error" },
        { "deep-flow-100000", "title: t\nsteps: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "nest more than 64 deep" },
        { "deep-block-100", Head + string.Concat(Enumerable.Range(1, 100).Select(i => new string(' ', 2 * i) + "-\n")), "nest more than 64 deep" },
        { "deep-maps-80", "title: t\nsteps:\n  - wait: " + string.Concat(Enumerable.Repeat("{a: ", 80)) + "1" + new string('}', 80) + "\n", "nest more than 64 deep" },
        { "alias", "title: t\ndescription: &d x\nsteps:\n  - wait: *d\n", "aliases" },
        { "wait-20-digit-days", Head + "  - wait: 99999999999999999999d\n", "longer than 365d" },
        { "wait-400-digits", Head + "  - wait: " + new string('9', 400) + "s\n", "longer than 365d" },
        { "wait-one-day-too-long", Head + "  - wait: 365d1ms\n", "longer than 365d" },
        { "fault-for-in-hours", Head + "  - wait: 1m\nfaults:\n  - {target: vcenter, delay: 1m, for: 8761h}\n", "longer than 365d" },
        { "rate-999999TiB", Head + "  - workload: {vm: app-01, rate: 999999TiB/s, for: 1h}\n", "faster than 100MB/s" },
        { "rate-just-over", Head + "  - workload: {vm: app-01, rate: 100000001B/s, for: 1h}\n", "faster than 100MB/s" },
        { "rate-in-bits", Head + "  - workload: {vm: app-01, rate: 1000Gbps, for: 1h}\n", "faster than 100MB/s" },
        { "every-1ms", Head + "  - workload: {vm: app-01, rate: 1KiB/s, for: 1h, every: 1ms}\n", "every must be at least 1s" },
        { "every-999ms", Head + "  - workload: {vm: app-01, rate: 1KiB/s, for: 1h, every: 999ms}\n", "every must be at least 1s" },
        { "size-past-64TiB", Head + "  - write: {vm: app-01, size: 65TiB}\n", "larger than 64TiB" },
        { "offset-20-digits", Head + "  - write: {vm: app-01, offset: 99999999999999999999TiB}\n", "larger than 64TiB" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithItsPositionAndTheBound(string name, string yaml, string message)
    {
        var file = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(file, yaml);
        var before = DeterminismTests.TempRuns();
        var error = Cli.Refused("run", file);
        Assert.Matches($@"^drill: {System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: ", error);
        Assert.Contains(message, error);
        Assert.Equal(before, DeterminismTests.TempRuns());
    }

    [Theory]
    [InlineData("  - wait: 365d\n")]
    [InlineData("  - wait: 8760h\n")]
    [InlineData("  - workload: {vm: app-01, rate: 100MB/s, for: 1h}\n")]
    [InlineData("  - workload: {vm: app-01, rate: 800Mbps, for: 1h, every: 1s}\n")]
    [InlineData("  - write: {vm: app-01, offset: 64TiB}\n")]
    public void ValuesAtTheBoundStillBind(string step)
    {
        var bound = BoundScenario.Parse("at-bound.yaml", Head + step);
        Assert.Single(bound.Steps);
    }

    [Fact]
    public void NestingAtTheLimitBindsAsFarAsTheLanguageGoes()
    {
        // 64 levels pass the depth check; the value is then refused by the binder for what it is, not by a crash.
        var yaml = "title: t\nsteps:\n  - wait: " + string.Concat(Enumerable.Repeat("[", 61)) + "1m" + new string(']', 61) + "\n";
        var e = Assert.Throws<ScenarioError>(() => BoundScenario.Parse("deep.yaml", yaml));
        Assert.Contains("must be a single value", e.Message);
    }

    [Fact]
    public async Task AScenarioFileThatIsAFifoIsRefusedWithoutWaitingForAWriter()
    {
        var fifo = Path.Combine(_dir, "scenario.yaml");
        Assert.Equal(0, Fifo.Make(fifo));
        // A hang shows as a TimeoutException.
        var error = await Task.Factory.StartNew(() => Cli.Refused("run", fifo), TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("not a regular file", error);
    }

    [Fact]
    public void AFolderOrADeviceGivenAsTheScenarioIsRefused()
    {
        Assert.Contains("is a folder", Cli.Refused("run", _dir));
        Assert.Contains("not a regular file", Cli.Refused("run", "/dev/zero"));
        Assert.Contains("not a regular file", Cli.Refused("explore", "/dev/urandom", "--seeds", "1..2"));
    }

    [Fact]
    public void AScenarioPastTheSizeLimitIsRefused()
    {
        var file = Path.Combine(_dir, "huge.yaml");
        File.WriteAllText(file, Head + "  - wait: 1m\n" + new string('#', ScenarioParser.MaxFileBytes));
        Assert.Contains($"at most {ScenarioParser.MaxFileBytes} bytes", Cli.Refused("run", file));
    }

    [Fact]
    public void ControlBytesFromTheFileAreEscapedOnTheTerminal()
    {
        var file = Path.Combine(_dir, "control.yaml");
        File.WriteAllText(file, Head + "  - \"fly\\e[2J\\0\\u0085\": {vm: app-01}\n");
        var error = Cli.Refused("run", file);
        Assert.Contains("unknown step 'fly\\x1b[2J\\0\\x85'", error);
        Assert.DoesNotContain(error.TrimEnd('\n'), c => char.IsControl(c));
    }
}
