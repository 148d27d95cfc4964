using Xunit;

namespace Failback.Scenarios.Tests;

public class CommandTests
{
    private static (int Code, string Out) Drill(params string[] args)
    {
        var (code, output, _) = Cli.Run(args);
        return (code, output);
    }

    [Fact]
    public void ExploreOverAFewSeedsWithRandomFaultsFindsNoViolation()
    {
        var (code, output) = Drill("explore", Path.Combine(RepoRoot.Drills, "guest-workload-snapshots.yaml"), "--seeds", "1..6", "--faults", "random", "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"seeds\":6,\"failures\":[]", output);
    }

    [Fact]
    public void RunWritesJsonJUnitAndTrace()
    {
        var dir = Directory.CreateTempSubdirectory("drill-cli-test").FullName;
        try
        {
            var junit = Path.Combine(dir, "junit.xml");
            var trace = Path.Combine(dir, "trace.jsonl");
            var (code, output) = Drill("run", Path.Combine(RepoRoot.Drills, "pre7-master-target-enable-uuid.yaml"), "--json", "--junit", junit, "--trace", trace);
            Assert.Equal(0, code);
            Assert.StartsWith("{", output);
            Assert.Contains("\"passed\": true", output);
            Assert.Contains("<testsuite name=", File.ReadAllText(junit));
            Assert.Contains("\"kind\":\"step.ended\"", File.ReadAllText(trace));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FailedExpectationExitsWith1()
    {
        var dir = Directory.CreateTempSubdirectory("drill-cli-test").FullName;
        try
        {
            var file = Path.Combine(dir, "wrong.yaml");
            File.WriteAllText(file, "title: expects the wrong power state\nsteps:\n  - power-off: {vm: app-01}\nexpect:\n  - vm: {name: app-01, power: on}\n");
            var (code, output) = Drill("run", file);
            Assert.Equal(1, code);
            Assert.Contains("expected app-01 power=on; actual app-01 power=off", output);
            Assert.Contains($"replay: ./drill replay {file} --seed 1", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ListNamesEveryDrillWithItsRules()
    {
        var (code, output) = Drill("list", "--json", "--dir", RepoRoot.Drills);
        Assert.Equal(0, code);
        Assert.Contains("\"covers\": [\n      \"PRE-7\"", output);
        Assert.Equal(Directory.GetFiles(RepoRoot.Drills, "*.yaml").Length, output.Split("\"file\"").Length - 1);
    }
}
