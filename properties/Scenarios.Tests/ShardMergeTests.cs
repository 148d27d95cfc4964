using Failback.Scenarios.Running;
using FsCheck.Xunit;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// <c>explore --shard K/N</c> partitions the seeds, and <c>explore merge</c> of the shards' reports gives the JSON
/// report and the JUnit file of a single run over the same seeds, byte for byte.
/// </summary>
public sealed class ShardMergeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shards-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Property(MaxTest = 200)]
    public void ShardsPartitionTheRangeEvenly(ulong first, ushort length, byte count)
    {
        var n = count % 40 + 1;
        var start = first > ulong.MaxValue - length ? ulong.MaxValue - length : first;
        var last = start + (ulong)(length % 500);
        var shards = Enumerable.Range(0, n).Select(k => new Shard(k, n).Seeds(start, last).ToList()).ToList();
        var all = shards.SelectMany(s => s).Order().ToList();
        Assert.Equal(Enumerable.Range(0, (int)(last - start) + 1).Select(i => start + (ulong)i), all);
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
        for (var k = 0; k < n; k++) Assert.All(shards[k], seed => Assert.True(new Shard(k, n).Holds(seed - start)));
    }

    [Property(MaxTest = 100)]
    public void MergingTheShardsOfAnyReportGivesThatReport(byte length, byte count, int failureSeed, bool random)
    {
        var (first, last) = (1000UL, 1000UL + (ulong)(length % 60));
        var n = count % 12 + 1;
        var chance = new Random(failureSeed);
        var failures = Enumerable.Range(0, (int)(last - first) + 1).Where(_ => chance.Next(3) == 0)
            .Select(i => new ExploreFailure(first + (ulong)i, $"at the end: machine {i} runs twice")).ToList();
        var whole = new ExploreReport("drills/x.yaml", first, last, random, Shard.Whole, (long)(last - first) + 1, failures);
        var shards = Enumerable.Range(0, n).Select(k => new Shard(k, n)).Select(s => whole with
        {
            Shard = s,
            Seeds = s.Seeds(first, last).LongCount(),
            Failures = [.. failures.Where(f => s.Holds(f.Seed - first))],
        }).Reverse().ToList();
        // Through the JSON each shard prints, as the command reads them.
        var merged = ExploreReport.Merge([.. shards.Select(s => ExploreReport.Parse(s.Json()))]);
        Assert.Equal(whole.Json(), merged.Json());
        Assert.Equal(whole.JUnit(), merged.JUnit());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void ShardsRunByTheCommandMergeIntoTheSingleRun(int n)
    {
        var drill = Path.Combine(RepoRoot.Drills, "ts4-free-esxi-licence.yaml");
        var seeds = new[] { "--seeds", "5..11", "--faults", "random", "--jobs", "1" };
        var single = Cli.Run(["explore", drill, .. seeds, "--json", "--junit", Path.Combine(_dir, "single.xml")]);
        Assert.Equal(0, single.Code);
        var shardFiles = new List<string>();
        for (var k = 0; k < n; k++)
        {
            var shard = Cli.Run(["explore", drill, .. seeds, "--shard", $"{k}/{n}", "--json"]);
            Assert.Equal(0, shard.Code);
            var file = Path.Combine(_dir, $"shard-{k}.json");
            File.WriteAllText(file, shard.Out);
            shardFiles.Add(file);
        }
        shardFiles.Reverse();
        var merged = Cli.Run(["explore", "merge", .. shardFiles, "--json", "--junit", Path.Combine(_dir, "merged.xml")]);
        Assert.Equal(0, merged.Code);
        Assert.Equal(single.Out, merged.Out);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "single.xml")), File.ReadAllBytes(Path.Combine(_dir, "merged.xml")));
        Assert.Contains("\"seeds\":7,", merged.Out);
    }

    [Fact]
    public void TheShardIndexMayComeFromKubernetesJobCompletionIndex()
    {
        var drill = Path.Combine(RepoRoot.Drills, "ts4-free-esxi-licence.yaml");
        var explicitShard = Cli.Run("explore", drill, "--seeds", "1..4", "--shard", "1/2", "--json", "--jobs", "1");
        Environment.SetEnvironmentVariable("JOB_COMPLETION_INDEX", "1");
        try
        {
            Assert.Equal(explicitShard, Cli.Run("explore", drill, "--seeds", "1..4", "--shard", "2", "--json", "--jobs", "1"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("JOB_COMPLETION_INDEX", null);
        }
        Assert.Contains("\"shard\":\"1/2\",\"seeds\":2,", explicitShard.Out);
        Assert.Contains("JOB_COMPLETION_INDEX", Cli.Refused("explore", drill, "--seeds", "1..4", "--shard", "2"));
    }

    [Fact]
    public void ShardsThatAreNotOneWholeCampaignAreRefused()
    {
        string Shard(string file, string range, string shard, int seeds, string faults = "random")
        {
            var path = Path.Combine(_dir, $"{Guid.NewGuid():n}.json");
            File.WriteAllText(path, $"{{\"file\":\"{file}\",\"range\":\"{range}\",\"faults\":\"{faults}\",\"shard\":\"{shard}\",\"seeds\":{seeds},\"failures\":[]}}\n");
            return path;
        }
        var a0 = Shard("a.yaml", "1..10", "0/2", 5);
        var a1 = Shard("a.yaml", "1..10", "1/2", 5);
        Assert.Equal(0, Cli.Run("explore", "merge", a0, a1).Code);
        Assert.Contains("missing 1/2", Cli.Refused("explore", "merge", a0));
        Assert.Contains("given twice 0/2", Cli.Refused("explore", "merge", a0, a0, a1));
        Assert.Contains("not one campaign", Cli.Refused("explore", "merge", a0, Shard("b.yaml", "1..10", "1/2", 5)));
        Assert.Contains("not one campaign", Cli.Refused("explore", "merge", a0, Shard("a.yaml", "1..11", "1/2", 5)));
        Assert.Contains("not one campaign", Cli.Refused("explore", "merge", a0, Shard("a.yaml", "1..10", "1/2", 5, "none")));
        Assert.Contains("split the seeds differently", Cli.Refused("explore", "merge", a0, Shard("a.yaml", "1..10", "1/3", 4)));
        Assert.Contains("explored 4 seeds", Cli.Refused("explore", "merge", a0, Shard("a.yaml", "1..10", "1/2", 4)));
        var notJson = Path.Combine(_dir, "junk.json");
        File.WriteAllText(notJson, "{\"file\": [1,");
        Assert.Contains("not a shard report", Cli.Refused("explore", "merge", a0, notJson));
        Assert.Contains("no such file", Cli.Refused("explore", "merge", a0, Path.Combine(_dir, "absent.json")));
    }
}
