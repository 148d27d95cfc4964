using System.Text;
using System.Text.RegularExpressions;
using Failback.Scenarios.Running;
using Xunit;

namespace Failback.Scenarios.Tests;

/// <summary>
/// No password leaves the configuration server: every output of every drill (the report as text, --json and
/// --junit, the --trace and every file of the --keep folder) is searched for every password the drill knows.
/// </summary>
public partial class PasswordLeakTests
{
    [Theory]
    [MemberData(nameof(DrillData.DrillFiles), MemberType = typeof(DrillData))]
    public void NoOutputOfTheDrillHoldsAPassword(string drill)
    {
        var scenario = BoundScenario.Load(Path.Combine(RepoRoot.Drills, drill));
        var passwords = Passwords(scenario, File.ReadAllText(Path.Combine(RepoRoot.Drills, drill)));
        var outcome = ScenarioRunner.Run(scenario, new RunOptions { KeepFolder = true, CaptureTrace = true });
        try
        {
            var leaks = Leaks(Outputs(outcome), passwords);
            Assert.True(leaks.Count == 0, $"{drill}: passwords in {string.Join(", ", leaks)}");
        }
        finally
        {
            Directory.Delete(outcome.KeptFolder!, recursive: true);
        }
    }

    [Fact]
    public void ThePlantedLeakIsFound()
    {
        var scenario = BoundScenario.Load(Path.Combine(RepoRoot.Drills, "ts1-read-only-vcenter-account.yaml"));
        var passwords = Passwords(scenario, File.ReadAllText(Path.Combine(RepoRoot.Drills, "ts1-read-only-vcenter-account.yaml")));
        Assert.NotEmpty(passwords);
        var planted = $"login as admin with {passwords[0]}";
        // In a report's text, and as UTF-16 inside a binary file of the kept folder (a database page).
        Assert.Equal(["report"], Leaks([("report", Encoding.UTF8.GetBytes(planted))], passwords));
        Assert.Equal(["cs.db"], Leaks([("cs.db", [0, 1, .. Encoding.Unicode.GetBytes(planted), 2])], passwords));
    }

    /// <summary>The topology's vCenter, account and configuration server secrets, every password or passphrase a step
    /// names, and the process server VM's admin password the vault deploys with.</summary>
    private static List<string> Passwords(BoundScenario scenario, string yaml)
    {
        var t = scenario.Topology;
        return
        [
            .. new[] { "Process!Server1" }
                .Concat(t.VCenters.Select(v => v.Password))
                .Concat(t.Accounts.Select(a => a.Password))
                .Concat(t.Vault is { } v ? [v.ConfigurationServer.Passphrase] : [])
                .Concat(SecretFields().Matches(yaml).Select(m => m.Groups["value"].Value.Trim()))
                .Where(p => p.Length >= 4)
                .Distinct(StringComparer.Ordinal),
        ];
    }

    private static List<(string Name, byte[] Bytes)> Outputs(RunOutcome outcome)
    {
        var report = outcome.Report;
        return
        [
            ("report", Encoding.UTF8.GetBytes(ReportWriter.Text(report))),
            ("--json", Encoding.UTF8.GetBytes(ReportWriter.Json([report]))),
            ("--junit", Encoding.UTF8.GetBytes(ReportWriter.JUnit([report]))),
            ("--trace", Encoding.UTF8.GetBytes(outcome.Trace ?? "")),
            .. Directory.EnumerateFiles(outcome.KeptFolder!, "*", SearchOption.AllDirectories)
                .Select(f => (Path.GetRelativePath(outcome.KeptFolder!, f), File.ReadAllBytes(f))),
        ];
    }

    private static List<string> Leaks(IEnumerable<(string Name, byte[] Bytes)> outputs, IReadOnlyList<string> passwords) =>
    [
        .. outputs.Where(o => passwords.Any(p =>
                o.Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(p)) >= 0 || o.Bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(p)) >= 0))
            .Select(o => o.Name),
    ];

    [GeneratedRegex("""(?:password|passphrase):\s*"?(?<value>[^,}"\n]+)""")]
    private static partial Regex SecretFields();
}
